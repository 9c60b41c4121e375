package chorus.ratelimit;

import chorus.core.Config;
import chorus.core.ConfigException;
import chorus.core.Settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoliciesTest {

  @Test
  void theShippedConfigurationIsValid() {
    Policies p = Policies.load(Policies.DEFAULT_FILE);
    assertThat(p.groups()).containsKeys("default", "subscribe", "upload", "render");
    RateLimitPolicy subscribe = p.group("subscribe");
    assertThat(subscribe.limit("ip").emissionMs()).isEqualTo(200); // 300/min per IP: the outer net for a busy NAT
    assertThat(subscribe.limit("fan").key()).isEqualTo(LimitKey.FAN);
    assertThat(subscribe.limit("fan").emissionMs()).isEqualTo(360_000); // 10/h per fan: the tight limit
    assertThat(p.budgetMs()).isEqualTo(50);
    assertThat(RateLimitHeaders.policy(subscribe)).isEqualTo("\"subscribe-ip\";q=150;w=30, \"subscribe-fan\";q=5;w=1800");
    assertThat(p.group("read").local()).as("the anonymous constant reads are counted per process").isTrue();
    assertThat(p.groups().values().stream().filter(RateLimitPolicy::local).map(RateLimitPolicy::group)).containsExactly("read");
  }

  @Test
  void aGroupIsSharedInRedisUnlessItsStoreIsLocal() {
    assertThat(Policies.fromJson(valid()).group("default").local()).isFalse();
    JsonObject local = valid();
    local.getJsonObject("policies").getJsonObject("default").put("store", "local");
    assertThat(Policies.fromJson(local).group("default").local()).isTrue();
    JsonObject bad = valid();
    bad.getJsonObject("policies").getJsonObject("default").put("store", "memcached");
    assertRejected(bad, "ratelimit.policies.default.store");
  }

  private static JsonObject valid() {
    return new JsonObject("""
        {"policies": {"default": {"limits": [{"name": "ip", "key": "ip", "rate": 10, "period": "1m"}]}}}""");
  }

  private static void assertRejected(JsonObject config, String setting) {
    assertThatThrownBy(() -> Policies.fromJson(config)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(setting);
  }

  @Test
  void defaultsApply() {
    Policies p = Policies.fromJson(valid());
    assertThat(p.group("default").limit("ip").burst()).isEqualTo(10);
    assertThat(p.clientIpHeader()).isEqualTo("X-Forwarded-For");
    assertThat(p.trustedProxies()).isEmpty();
    assertThat(p.probeIntervalMs()).isEqualTo(1000);
  }

  @Test
  void badSettingsAreNamed() {
    JsonObject limit0 = valid().getJsonObject("policies").getJsonObject("default").getJsonArray("limits").getJsonObject(0);
    String at = "ratelimit.policies.default.limits[0]";
    assertRejected(new JsonObject().put("policies", new JsonObject()), "ratelimit.policies.default");
    assertRejected(with(limit0.copy().put("period", "1 minute")), at + ".period");
    assertRejected(with(limit0.copy().put("period", "0s")), at + ".period");
    assertRejected(with(limit0.copy().put("rate", 0)), at + ".rate");
    assertRejected(with(limit0.copy().put("rate", 1.5)), at + ".rate");
    assertRejected(with(limit0.copy().put("rate", 5000).put("period", "1s")), at + ".rate");
    assertRejected(with(limit0.copy().put("burst", "lots")), at + ".burst");
    assertRejected(with(limit0.copy().put("key", "cookie")), at + ".key");
    assertRejected(with(limit0.copy().put("name", "Bad Name")), at + ".name");
    assertRejected(with(limit0.copy().put("dryRun", "yes")), at + ".dryRun");
    assertRejected(valid().put("clientIp", new JsonObject().put("trustedProxies", new io.vertx.core.json.JsonArray().add("10.0.0.0/33"))),
        "ratelimit.clientIp.trustedProxies[0]");
    assertRejected(valid().put("clientIp", new JsonObject().put("trustedProxies", new io.vertx.core.json.JsonArray().add("proxy.internal"))),
        "ratelimit.clientIp.trustedProxies[0]");
    assertRejected(valid().put("clientIp", new JsonObject().put("header", "X-Real-IP")), "ratelimit.clientIp.header");
    assertRejected(valid().put("redis", new JsonObject().put("budgetMs", -1)), "ratelimit.redis.budgetMs");
    assertRejected(valid().put("redis", new JsonObject().put("keyPrefix", "a{b}")), "ratelimit.redis.keyPrefix");
  }

  private static JsonObject with(JsonObject limit) {
    JsonObject config = valid();
    config.getJsonObject("policies").getJsonObject("default").getJsonArray("limits").set(0, limit);
    return config;
  }

  @Test
  void environmentOverridesProxiesHeaderAndBudget() {
    Config settings = Settings.load(new JsonObject(), Map.of(
        "CHORUS_MODE", "local",
        "CHORUS_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8",
        "CHORUS_CLIENT_IP_HEADER", "CloudFront-Viewer-Address",
        "CHORUS_RATELIMIT_BUDGET_MS", "20"), new JsonObject());
    JsonObject config = Policies.withSettings(valid(), settings.string("trustedProxies"), settings.string("clientIpHeader"),
        settings.json().getInteger("ratelimit.budgetMs"));
    Policies p = Policies.fromJson(config);
    assertThat(p.trustedProxies()).containsExactly("10.0.0.0/8", "fd00::/8");
    assertThat(p.clientIpHeader()).isEqualTo("CloudFront-Viewer-Address");
    assertThat(p.budgetMs()).isEqualTo(20);
    assertThatThrownBy(() -> Settings.load(new JsonObject(), Map.of("CHORUS_MODE", "local", "CHORUS_RATELIMIT_BUDGET_MS", "fast"), new JsonObject()))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("CHORUS_RATELIMIT_BUDGET_MS");
  }
}
