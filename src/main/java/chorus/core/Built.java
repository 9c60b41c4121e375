package chorus.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many times each process-wide client has been constructed in this JVM, counted at the construction itself (the
 * S3 client, the Redis client, the PostgreSQL pool, the rate limiter, the render engine and gate, the campaign), so a
 * verticle that
 * built its own copy would show. The main verticle publishes the counts as {@code chorus_services_built_total{service}}:
 * 1 each per process, whatever the number of HTTP verticles or render workers.
 */
public final class Built {
  public static final String CAMPAIGN = "campaign", STORAGE = "storage", RENDER_ENGINE = "render-engine", REDIS = "redis",
      RATE_LIMITER = "rate-limiter", RENDER_GATE = "render-gate", PG_POOL = "pg-pool";
  private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

  private Built() {}

  /** Called where a {@code service} client is constructed. */
  public static void one(String service) {
    COUNTS.computeIfAbsent(service, s -> new LongAdder()).increment();
  }

  /** How many {@code service} clients this JVM has constructed. */
  public static long count(String service) {
    LongAdder n = COUNTS.get(service);
    return n == null ? 0 : n.sum();
  }
}
