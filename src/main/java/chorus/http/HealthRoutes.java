package chorus.http;

import chorus.storage.ObjectStorage;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: the database, Redis and storage all
 * answer within three seconds; otherwise 503 naming the failing parts, so the load balancer stops sending
 * traffic here until they are back.
 */
public final class HealthRoutes {
  private static final long TIMEOUT_MS = 3_000;

  private HealthRoutes() {}

  public static void mount(Router router, Vertx vertx, Pool pool, RedisAPI redis, ObjectStorage storage) {
    HealthChecks checks = HealthChecks.create(vertx)
        .register("database", TIMEOUT_MS, p -> report(p, pool.query("SELECT 1").execute()))
        .register("redis", TIMEOUT_MS, p -> report(p, redis.ping(List.of())))
        .register("storage", TIMEOUT_MS, p -> report(p, storage.check()));
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> checks.checkStatus().onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      CheckResult result = ar.result();
      JsonObject body = result.toJson();
      JsonArray failing = new JsonArray();
      for (CheckResult c : result.getChecks()) {
        if (!c.getUp()) failing.add(c.getId());
      }
      body.put("failing", failing);
      json(ctx, result.getUp() ? 200 : 503, body);
    }));
  }

  private static void report(Promise<Status> promise, Future<?> probe) {
    probe.onComplete(ar -> promise.tryComplete(ar.succeeded() ? Status.OK()
        : Status.KO(new JsonObject().put("error", String.valueOf(ar.cause().getMessage())))));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
