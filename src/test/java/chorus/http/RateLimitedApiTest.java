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

/** The shipped policies (conf/ratelimit.json) on the real API: the subscribe form is limited per IP. */
class RateLimitedApiTest {

  @Test
  void theSixthSubscriptionFromOneAddressInAMinuteIs429WithRateLimitHeaders() throws Exception {
    // the shipped policies, under a key prefix of their own so other tests' requests do not count here
    JsonObject shipped = new JsonObject(Files.readString(Path.of("conf/ratelimit.json")));
    shipped.getJsonObject("redis").put("keyPrefix", "chorus:rl:" + UUID.randomUUID());
    Path policies = Files.createTempFile("ratelimit", ".json");
    Files.writeString(policies, shipped.encode());
    Vertx vertx = Vertx.vertx();
    TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of("ratelimit.file", policies.toString())));
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
}
