package chorus.http;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.FanClient;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shipped policies (conf/ratelimit.json) on the real API: the subscribe form is limited per IP (limit lowered to reach it). */
class RateLimitedApiTest {

  @Test
  void theSixthSubscriptionFromOneAddressInAMinuteIs429WithRateLimitHeaders() throws Exception {
    // the shipped policies with the per-IP subscribe limit (sized for a busy NAT) lowered to 5/min to reach it here
    String policies = chorus.support.ShippedLimits.file(p -> p.getJsonObject("policies").getJsonObject("subscribe").getJsonArray("limits")
        .stream().map(JsonObject.class::cast).filter(l -> "ip".equals(l.getString("key"))).forEach(l -> l.put("rate", 5).put("burst", 5)));
    Vertx vertx = Vertx.vertx();
    TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of("ratelimit.file", policies)));
    try {
      HttpResponse<Buffer> last = null;
      for (int i = 0; i < 5; i++) {
        last = new FanClient(app.client).post("/api/fan/subscription",
            FanClient.subscription("rl-" + UUID.randomUUID() + "@example.com", "Limited " + i));
        assertThat(last.statusCode()).as(last.bodyAsString()).isEqualTo(201);
        assertThat(last.getHeader("RateLimit-Policy")).contains("\"subscribe-ip\";q=5;w=60");
        assertThat(last.getHeader("RateLimit")).contains("\"subscribe-ip\";r=" + (4 - i));
      }
      HttpResponse<Buffer> refused = new FanClient(app.client).post("/api/fan/subscription",
          FanClient.subscription("rl-" + UUID.randomUUID() + "@example.com", "One too many"));
      assertProblem(refused, 429, null);
      assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).isBetween(1, 12);
      assertThat(refused.getHeader("RateLimit")).contains("\"subscribe-ip\";r=0");
      assertThat(app.client.get("/api/locale").send().await().statusCode()).as("other groups unaffected").isEqualTo(200);
    } finally {
      app.close();
      vertx.close().await();
    }
  }

  @Test
  void theAnonymousReadsAreCountedInTheProcessAndNeverInRedis() throws Exception {
    String prefix = "chorus:rl:t" + UUID.randomUUID().toString().substring(0, 8);
    String policies = chorus.support.ShippedLimits.file(p -> {
      p.getJsonObject("redis").put("keyPrefix", prefix);
      p.getJsonObject("policies").getJsonObject("read").getJsonArray("limits").getJsonObject(0).put("rate", 3).put("burst", 3);
    });
    Vertx vertx = Vertx.vertx();
    TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of("ratelimit.file", policies)));
    io.vertx.redis.client.Redis redis = io.vertx.redis.client.Redis.createClient(vertx, "redis://127.0.0.1:" + TestServices.get().redisPort);
    try {
      for (int i = 0; i < 3; i++) {
        HttpResponse<Buffer> ok = app.client.get(i == 1 ? "/api/campaign" : "/api/locale").send().await();
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.getHeader("RateLimit-Policy")).contains("\"read-ip\";q=3");
        assertThat(ok.getHeader("RateLimit")).contains("\"read-ip\";r=" + (2 - i));
      }
      HttpResponse<Buffer> refused = app.client.get("/api/locale").send().await();
      assertProblem(refused, 429, null);
      assertThat(refused.getHeader("Retry-After")).isNotNull();
      var keys = io.vertx.redis.client.RedisAPI.api(redis);
      assertThat(keys.keys(prefix + "*").await().size()).as("the read group never reaches Redis").isZero();
      HttpResponse<Buffer> subscribed = new FanClient(app.client).post("/api/fan/subscription",
          FanClient.subscription("rl-" + UUID.randomUUID() + "@example.com", "Shared"));
      assertThat(subscribed.statusCode()).isEqualTo(201);
      assertThat(keys.keys(prefix + "*").await().size()).as("a shared group is counted in Redis").isPositive();
    } finally {
      redis.close();
      app.close();
      vertx.close().await();
    }
  }
}
