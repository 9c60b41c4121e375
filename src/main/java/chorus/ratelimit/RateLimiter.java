package chorus.ratelimit;

import chorus.core.Built;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rate limiter of one process: checks go to the shared Redis within a time budget. A check that
 * Redis does not answer in time (or at all) is answered by the in-process {@link LocalLimiter} with
 * the same policies; after a few such failures in a row every check goes there directly, without
 * waiting, until a periodic PING finds Redis answering again. A check never fails.
 */
public final class RateLimiter {

  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);

  private final Vertx vertx;
  private final Redis redis;
  private final boolean ownsRedis;
  private final Policies policies;
  private final ClientIp clientIp;
  private final RedisLimiter redisLimiter;
  private final LocalLimiter local;
  private final RateLimitMetrics metrics;
  private final DryRunLog dryRunLog = new DryRunLog();
  private final AtomicBoolean redisUp = new AtomicBoolean(true);
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicInteger failures = new AtomicInteger();
  private final long sweepTimer;
  private volatile long probeTimer = -1;

  private RateLimiter(Vertx vertx, Redis redis, boolean ownsRedis, Policies policies, MeterRegistry registry) {
    Built.one(Built.RATE_LIMITER);
    this.vertx = vertx;
    this.redis = redis;
    this.ownsRedis = ownsRedis;
    this.policies = policies;
    this.clientIp = new ClientIp(policies.trustedProxies(), policies.clientIpHeader());
    this.redisLimiter = new RedisLimiter(redis, GcraScript.load());
    this.local = new LocalLimiter(policies.localMaxKeys());
    this.metrics = new RateLimitMetrics(registry, redisUp::get, local);
    this.sweepTimer = vertx.setPeriodic(10_000, id -> local.sweep(local.now()));
    redisLimiter.loadScript().onFailure(err -> LOG.warn(
        "Rate limiter: cannot reach Redis at start ({}); checks fall back to in-process limits while it is away",
        err.getMessage()));
  }

  /** A limiter on a Redis client the caller owns (and closes). */
  public static RateLimiter create(Vertx vertx, Redis redis, JsonObject config, MeterRegistry registry) {
    return new RateLimiter(vertx, redis, false, Policies.fromJson(config), registry);
  }

  /** A limiter on a Redis client the caller owns (and closes), with policies validated beforehand. */
  public static RateLimiter create(Vertx vertx, Redis redis, Policies policies, MeterRegistry registry) {
    return new RateLimiter(vertx, redis, false, policies, registry);
  }

  /** A limiter with its own Redis client, closed by {@link #close()}. */
  public static RateLimiter create(Vertx vertx, RedisOptions options, JsonObject config, MeterRegistry registry) {
    Policies policies = Policies.fromJson(config);
    return new RateLimiter(vertx, Redis.createClient(vertx, options), true, policies, registry);
  }

  /** The handler to mount on the routes of a group; throws if the configuration has no such group. */
  public RateLimitHandler forGroup(String group) {
    return new RateLimitHandler(this, policies.group(group), clientIp);
  }

  public Policies policies() {
    return policies;
  }

  /** True while checks go to Redis (false while the in-process fallback answers). */
  public boolean redisUp() {
    return redisUp.get();
  }

  /**
   * Checks one request against a policy.
   *
   * @param ipBucket the client IP bucket ({@link ClientIp#bucket}), used by IP limits
   * @param fanKey   the hashed fan key ({@link FanKey}), or null: fan limits are then skipped
   */
  public Future<Decision> check(RateLimitPolicy policy, String ipBucket, String fanKey) {
    List<Bucket> buckets = new ArrayList<>(policy.limits().size());
    for (RateLimitPolicy.Limit l : policy.limits()) {
      String identity = switch (l.key()) {
        case IP -> ipBucket;
        case FAN -> fanKey;
        case GLOBAL -> "all";
      };
      if (identity != null) buckets.add(Bucket.of(policies.keyPrefix(), policy.group(), l, identity));
    }
    if (buckets.isEmpty()) return Future.succeededFuture(Decision.of(List.of(), Decision.Source.LOCAL));
    return decide(policy, buckets).map(d -> {
      metrics.decided(policy.group(), d);
      dryRunLog.record(policy.group(), d);
      return d;
    });
  }

  private Future<Decision> decide(RateLimitPolicy policy, List<Bucket> buckets) {
    String group = policy.group();
    if (policy.local()) return Future.succeededFuture(local.check(buckets));
    if (!redisUp.get()) {
      metrics.fallback(group, "redis_down");
      return Future.succeededFuture(local.check(buckets));
    }
    long start = System.nanoTime();
    return redisLimiter.check(buckets)
        .timeout(policies.budgetMs(), TimeUnit.MILLISECONDS)
        .map(d -> {
          metrics.redisRoundTrip(System.nanoTime() - start);
          failures.set(0);
          return d;
        })
        .recover(err -> {
          String reason = err instanceof TimeoutException ? "timeout" : "error";
          metrics.fallback(group, reason);
          redisDown(reason, err);
          return Future.succeededFuture(local.check(buckets));
        });
  }

  /** After {@code failuresBeforeFallback} failures in a row, stop asking Redis until a probe answers. */
  private void redisDown(String reason, Throwable err) {
    if (failures.incrementAndGet() < policies.failuresBeforeFallback() || !redisUp.compareAndSet(true, false)) return;
    redisLimiter.reset();
    LOG.warn("Rate limiter: Redis {} ({}); answering from in-process limits until it is back", reason,
        err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage());
    probeTimer = vertx.setPeriodic(policies.probeIntervalMs(), id -> probe());
  }

  private void probe() {
    if (!probing.compareAndSet(false, true)) return;
    redisLimiter.ping()
        .timeout(policies.budgetMs(), TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          probing.set(false);
          if (ar.failed()) redisLimiter.reset();
          if (ar.succeeded() && !redisUp.get()) {
            vertx.cancelTimer(probeTimer);
            failures.set(0);
            redisUp.set(true);
            LOG.info("Rate limiter: Redis answers again; limits are shared across containers once more");
          }
        });
  }

  /** Stops the timers, and closes the Redis client if this limiter created it. */
  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(probeTimer);
    redisLimiter.reset();
    return ownsRedis ? redis.close() : Future.succeededFuture();
  }
}
