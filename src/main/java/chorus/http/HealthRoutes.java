package chorus.http;

import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: the database, Redis and storage all
 * answer within three seconds; otherwise 503 naming the failing parts, so the load balancer stops sending
 * traffic here until they are back. A flood of readiness requests costs one round of probes per
 * {@link #CACHE_MS} per HTTP verticle: requests meanwhile share the last answer (or the round in flight).
 * The body names parts and their state only, never a backend's error text (which could name hosts).
 */
public final class HealthRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);
  private static final long TIMEOUT_MS = 3_000;
  static final long CACHE_MS = 1_000;

  private final HealthChecks checks;
  private Future<JsonObject> last;
  private long lastAt;

  private HealthRoutes(HealthChecks checks) {
    this.checks = checks;
  }

  public static void mount(Router router, Vertx vertx, Pool pool, RedisAPI redis, ObjectStorage storage) {
    HealthRoutes health = new HealthRoutes(HealthChecks.create(vertx)
        .register("database", TIMEOUT_MS, p -> report("database", p, pool.query("SELECT 1").execute()))
        .register("redis", TIMEOUT_MS, p -> report("redis", p, redis.ping(List.of())))
        .register("storage", TIMEOUT_MS, p -> report("storage", p, storage.check())));
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> health.ready().onComplete(ar -> {
      if (ar.failed()) ctx.fail(ar.cause());
      else json(ctx, "UP".equals(ar.result().getString("status")) ? 200 : 503, ar.result());
    }));
  }

  /** The last answer while it is younger than {@link #CACHE_MS} (each verticle runs on one event loop). */
  private Future<JsonObject> ready() {
    long now = System.nanoTime();
    if (last == null || now - lastAt > CACHE_MS * 1_000_000) {
      lastAt = now;
      last = checks.checkStatus().map(HealthRoutes::body);
    }
    return last;
  }

  private static JsonObject body(CheckResult result) {
    JsonArray parts = new JsonArray();
    JsonArray failing = new JsonArray();
    for (CheckResult c : result.getChecks()) {
      parts.add(new JsonObject().put("id", c.getId()).put("status", c.getUp() ? "UP" : "DOWN"));
      if (!c.getUp()) failing.add(c.getId());
    }
    return new JsonObject().put("status", result.getUp() ? "UP" : "DOWN").put("checks", parts).put("failing", failing);
  }

  /** A failing part's reason goes to the log (at most once per round), not to the answer. */
  private static void report(String part, Promise<Status> promise, Future<?> probe) {
    probe.onComplete(ar -> {
      if (ar.failed()) LOG.warn("readiness: {} is down: {}", part, ar.cause().toString());
      promise.tryComplete(ar.succeeded() ? Status.OK() : Status.KO());
    });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
