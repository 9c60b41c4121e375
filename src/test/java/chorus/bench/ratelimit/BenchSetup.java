package chorus.bench.ratelimit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** What the rate-limit benchmarks share: the policy under test, client identities and percentiles. */
final class BenchSetup {

  /** Distinct clients the load is spread over (IPs and fans), as real traffic spreads over buckets. */
  static final int CLIENTS = 100_000;
  static final String GROUP = "bench";

  private BenchSetup() {}

  /**
   * A subscribe-like group: a per-IP and a per-fan limit, checked together in one EVALSHA. The rates are
   * high enough that spread-out load is admitted, so every check does the full read-and-write path.
   * 127.0.0.1 is a trusted proxy so that X-Forwarded-For can vary the client.
   */
  static JsonObject config(long budgetMs) {
    JsonObject limits = new JsonObject().put("limits", new JsonArray()
        .add(new JsonObject().put("name", "ip").put("key", "ip").put("rate", 100).put("period", "1s").put("burst", 100))
        .add(new JsonObject().put("name", "fan").put("key", "fan").put("rate", 100).put("period", "1s").put("burst", 100)));
    return new JsonObject()
        .put("redis", new JsonObject().put("budgetMs", budgetMs))
        .put("clientIp", new JsonObject().put("trustedProxies", new JsonArray().add("127.0.0.1/32")))
        .put("policies", new JsonObject().put("default", limits.copy()).put(GROUP, limits));
  }

  static String randomIp() {
    int n = ThreadLocalRandom.current().nextInt(CLIENTS);
    return "10." + (n >> 16) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
  }

  private static final String[] TOKENS = new String[CLIENTS];

  static {
    for (int i = 0; i < CLIENTS; i++) TOKENS[i] = new UUID(0x4000L | ((long) i << 32), 0x8000000000000000L | i).toString();
  }

  /** A UUID-v4-shaped bearer token of one of {@link #CLIENTS} fans. */
  static String randomBearer() {
    return "Bearer " + TOKENS[ThreadLocalRandom.current().nextInt(CLIENTS)];
  }

  /** "p50=… p90=… p99=… p99.9=… max=…" in milliseconds, from latencies in nanoseconds. */
  static String percentiles(long[] nanos, int count) {
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    return String.format("p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f ms", ms(sorted, 0.50), ms(sorted, 0.90),
        ms(sorted, 0.99), ms(sorted, 0.999), sorted[count - 1] / 1e6);
  }

  static double ms(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}
