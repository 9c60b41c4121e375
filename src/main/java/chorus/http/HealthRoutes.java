package chorus.http;

import chorus.storage.ObjectStorage;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: whether <em>this</em> instance can serve,
 * for the load balancer: 200 while it runs, 503 once it is draining (SIGTERM). Shared dependencies are not
 * part of it: when the database, Redis or storage is away for everybody, taking every container out of the
 * load balancer at once would turn a degraded site (fallback limiter, 503 + Retry-After on what needs the
 * dependency) into no site. Their state is on {@code /health/details} (503 naming what is down) and in the
 * {@code chorus_dependency_up} gauge, probed every {@value #PROBE_MS} ms.
 */
public final class HealthRoutes {
  private static final long TIMEOUT_MS = 3_000;
  static final long PROBE_MS = 10_000;
  static final long CACHE_MS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);
  /** One value per dependency and process, whichever HTTP verticle instance probed last. */
  private static final Map<String, AtomicInteger> UP = new ConcurrentHashMap<>();

  private final Vertx vertx;
  private final HealthChecks checks;
  private final BooleanSupplier limiterOnRedis;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final long probe;
  private Future<CheckResult> last;
  private long lastAt;

  private HealthRoutes(Vertx vertx, HealthChecks checks, BooleanSupplier limiterOnRedis, MeterRegistry registry) {
    this.vertx = vertx;
    this.checks = checks;
    this.limiterOnRedis = limiterOnRedis;
    for (String id : List.of("database", "redis", "storage")) {
      AtomicInteger value = UP.computeIfAbsent(id, k -> new AtomicInteger(1));
      if (registry != null) {
        Gauge.builder("chorus.dependency.up", value, AtomicInteger::get).tag("dependency", id)
            .description("1 when the shared dependency answered the last probe within 3 s").register(registry);
      }
    }
    this.probe = vertx.setPeriodic(PROBE_MS, t -> checks.checkStatus().onSuccess(this::record));
  }

  public static HealthRoutes mount(Router router, Vertx vertx, Pool pool, RedisAPI redis, ObjectStorage storage,
      BooleanSupplier limiterOnRedis, MeterRegistry registry) {
    HealthChecks checks = HealthChecks.create(vertx)
        .register("database", TIMEOUT_MS, p -> report("database", p, pool.query("SELECT 1").execute()))
        .register("redis", TIMEOUT_MS, p -> report("redis", p, redis.ping(List.of())))
        .register("storage", TIMEOUT_MS, p -> report("storage", p, storage.check()));
    HealthRoutes health = new HealthRoutes(vertx, checks, limiterOnRedis, registry);
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> json(ctx, health.draining.get() ? 503 : 200,
        new JsonObject().put("status", health.draining.get() ? "DRAINING" : "UP")));
    router.get("/health/details").handler(health::details);
    return health;
  }

  /** From now on readiness answers 503 so the load balancer stops sending; the server keeps serving. */
  public void drain() {
    draining.set(true);
  }

  public void close() {
    vertx.cancelTimer(probe);
  }

  /** At most one round of probes per {@value #CACHE_MS} ms for a flood of detail requests: they share it. */
  private Future<CheckResult> probed() {
    long now = System.nanoTime();
    if (last == null || now - lastAt > CACHE_MS * 1_000_000) {
      lastAt = now;
      last = checks.checkStatus();
    }
    return last;
  }

  private void details(RoutingContext ctx) {
    probed().onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      CheckResult result = ar.result();
      record(result);
      JsonObject body = result.toJson();
      JsonArray failing = new JsonArray();
      for (CheckResult c : result.getChecks()) {
        if (!c.getUp()) failing.add(c.getId());
      }
      body.put("failing", failing)
          .put("ready", !draining.get())
          .put("rateLimiter", limiterOnRedis.getAsBoolean() ? "redis" : "in-process fallback");
      json(ctx, result.getUp() ? 200 : 503, body);
    });
  }

  private void record(CheckResult result) {
    for (CheckResult c : result.getChecks()) {
      AtomicInteger value = UP.get(c.getId());
      if (value != null) value.set(c.getUp() ? 1 : 0);
    }
  }

  /** A failing part's reason goes to the log, not to the answer (a backend's error text can name hosts). */
  private static void report(String part, Promise<Status> promise, Future<?> probe) {
    probe.onComplete(ar -> {
      if (ar.failed()) LOG.warn("health: {} is down: {}", part, ar.cause().toString());
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
