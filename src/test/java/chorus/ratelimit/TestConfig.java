package chorus.ratelimit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Builders for rate-limit configurations in tests. */
final class TestConfig {

  private TestConfig() {}

  static JsonObject limit(String name, String key, int rate, String period, int burst) {
    return new JsonObject().put("name", name).put("key", key).put("rate", rate).put("period", period).put("burst", burst);
  }

  static JsonObject group(JsonObject... limits) {
    return new JsonObject().put("limits", new JsonArray(List.of((Object[]) limits)));
  }

  /**
   * A configuration with the given groups (plus a generous default), a Redis budget (tests that must
   * not fall back by accident under a loaded machine give a large one) and trusted proxies.
   */
  static JsonObject config(JsonObject groups, long budgetMs, String... trustedProxies) {
    JsonObject policies = groups.copy();
    if (!policies.containsKey("default")) policies.put("default", group(limit("ip", "ip", 1000, "1s", 1000)));
    return new JsonObject()
        .put("redis", new JsonObject().put("budgetMs", budgetMs).put("probeIntervalMs", 100)
            .put("keyPrefix", "test:" + System.nanoTime()))
        .put("clientIp", new JsonObject().put("trustedProxies", new JsonArray(List.of((Object[]) trustedProxies))))
        .put("policies", policies);
  }
}
