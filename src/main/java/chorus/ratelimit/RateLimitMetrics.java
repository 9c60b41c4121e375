package chorus.ratelimit;

import chorus.ratelimit.Decision.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code chorus.ratelimit.requests{policy, outcome=allowed|limited, source=redis|local}}
 *       [chorus_ratelimit_requests_total]</li>
 *   <li>{@code chorus.ratelimit.exceeded{policy, limit, dry_run}}: a limit refused (or, in dry run,
 *       would have refused) a request</li>
 *   <li>{@code chorus.ratelimit.fallback{policy, reason=timeout|error|redis_down}}: checks answered
 *       in process because Redis was slow or unavailable</li>
 *   <li>{@code chorus.ratelimit.redis.up} gauge (1/0), {@code chorus.ratelimit.redis.latency} timer,
 *       {@code chorus.ratelimit.local.untracked} (fallback buckets not kept for lack of room)</li>
 * </ul>
 */
final class RateLimitMetrics {

  static final String REQUESTS = "chorus.ratelimit.requests";
  static final String EXCEEDED = "chorus.ratelimit.exceeded";
  static final String FALLBACK = "chorus.ratelimit.fallback";

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, PolicyMeters> perPolicy = new ConcurrentHashMap<>();
  private final Timer redisLatency;

  RateLimitMetrics(MeterRegistry registry, BooleanSupplier redisUp, LocalLimiter local) {
    this.registry = registry;
    this.redisLatency = Timer.builder("chorus.ratelimit.redis.latency")
        .description("Round trip of one rate-limit check to Redis").register(registry);
    gauge("chorus.ratelimit.redis.up", redisUp, s -> s.getAsBoolean() ? 1 : 0);
    gauge("chorus.ratelimit.local.untracked", local, l -> l.untracked());
  }

  private <T> void gauge(String name, T target, ToDoubleFunction<T> value) {
    Gauge.builder(name, target, value).register(registry);
  }

  void decided(String policy, Decision d) {
    PolicyMeters m = perPolicy.computeIfAbsent(policy, PolicyMeters::new);
    boolean redis = d.source() == Decision.Source.REDIS;
    (d.allowed() ? (redis ? m.allowedRedis : m.allowedLocal) : (redis ? m.limitedRedis : m.limitedLocal)).increment();
    for (Verdict v : d.verdicts()) {
      if (!v.conforms()) {
        counter(EXCEEDED, "policy", policy, "limit", v.limit().name(), "dry_run", Boolean.toString(v.limit().dryRun()))
            .increment();
      }
    }
  }

  /** The request counters of one policy, looked up once rather than per request. */
  private final class PolicyMeters {
    final Counter allowedRedis;
    final Counter limitedRedis;
    final Counter allowedLocal;
    final Counter limitedLocal;

    PolicyMeters(String policy) {
      allowedRedis = registry.counter(REQUESTS, "policy", policy, "outcome", "allowed", "source", "redis");
      limitedRedis = registry.counter(REQUESTS, "policy", policy, "outcome", "limited", "source", "redis");
      allowedLocal = registry.counter(REQUESTS, "policy", policy, "outcome", "allowed", "source", "local");
      limitedLocal = registry.counter(REQUESTS, "policy", policy, "outcome", "limited", "source", "local");
    }
  }

  void fallback(String policy, String reason) {
    counter(FALLBACK, "policy", policy, "reason", reason).increment();
  }

  void redisRoundTrip(long nanos) {
    redisLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  private Counter counter(String name, String... tags) {
    return counters.computeIfAbsent(name + String.join("|", tags), k -> registry.counter(name, tags));
  }
}
