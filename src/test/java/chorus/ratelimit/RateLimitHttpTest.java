package chorus.ratelimit;

import static chorus.ratelimit.TestConfig.config;
import static chorus.ratelimit.TestConfig.group;
import static chorus.ratelimit.TestConfig.limit;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The handler over HTTP against a real Redis: exact sequences, headers, sharing, client identity, dry run. */
@ExtendWith(VertxExtension.class)
class RateLimitHttpTest extends SharedRedisTest {


  static HttpResponse<Buffer> get(WebClient client, int port, String path, String... headers) throws Exception {
    var req = client.get(port, "127.0.0.1", path);
    for (int i = 0; i < headers.length; i += 2) req.putHeader(headers[i], headers[i + 1]);
    return req.send().await(10, TimeUnit.SECONDS);
  }

  @Test
  void burstThenRefusalThenRefillAfterTheEmissionInterval(Vertx vertx) throws Exception {
    JsonObject conf = config(new JsonObject().put("burst", group(limit("ip", "ip", 1, "1s", 3))), 5000);
    try (TestApp app = new TestApp(vertx, redis.uri(), conf)) {
      WebClient client = WebClient.create(vertx);
      for (int remaining = 2; remaining >= 0; remaining--) {
        var res = get(client, app.port(), "/burst");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.getHeader("RateLimit-Policy")).isEqualTo("\"burst-ip\";q=3;w=3");
        assertThat(res.getHeader("RateLimit")).isEqualTo("\"burst-ip\";r=" + remaining + ";t=" + (3 - remaining));
      }
      var refused = get(client, app.port(), "/burst");
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(refused.bodyAsJsonObject().getInteger("status")).isEqualTo(429);
      assertThat(refused.bodyAsJsonObject().getLong("retryAfter")).isEqualTo(1);
      assertThat(refused.getHeader("RateLimit")).isEqualTo("\"burst-ip\";r=0;t=3");

      Thread.sleep(1050); // one emission interval: exactly one more request fits
      var refilled = get(client, app.port(), "/burst");
      assertThat(refilled.statusCode()).isEqualTo(200);
      assertThat(refilled.getHeader("RateLimit")).isEqualTo("\"burst-ip\";r=0;t=3");
      assertThat(get(client, app.port(), "/burst").statusCode()).isEqualTo(429);

      assertThat(app.count(RateLimitMetrics.REQUESTS, "policy", "burst", "outcome", "allowed", "source", "redis")).isEqualTo(4);
      assertThat(app.count(RateLimitMetrics.REQUESTS, "policy", "burst", "outcome", "limited", "source", "redis")).isEqualTo(2);
      assertThat(app.count(RateLimitMetrics.FALLBACK, "policy", "burst", "reason", "timeout")).isZero();
    }
  }

  @Test
  void perIpAndPerFanLimitsInOneRoundTrip(Vertx vertx) throws Exception {
    JsonObject conf = config(new JsonObject().put("subscribe",
        group(limit("ip", "ip", 5, "1m", 5), limit("fan", "fan", 3, "1h", 2))), 5000);
    try (TestApp app = new TestApp(vertx, redis.uri(), conf)) {
      WebClient client = WebClient.create(vertx);
      String bearer = "Bearer " + UUID.randomUUID();
      var first = get(client, app.port(), "/subscribe", "Authorization", bearer);
      assertThat(first.getHeader("RateLimit-Policy")).isEqualTo("\"subscribe-ip\";q=5;w=60, \"subscribe-fan\";q=2;w=2400");
      assertThat(first.getHeader("RateLimit")).isEqualTo("\"subscribe-ip\";r=4;t=12, \"subscribe-fan\";r=1;t=1200");
      assertThat(get(client, app.port(), "/subscribe", "Authorization", bearer).statusCode()).isEqualTo(200);
      var fanRefused = get(client, app.port(), "/subscribe", "Authorization", bearer);
      assertThat(fanRefused.statusCode()).isEqualTo(429);
      assertThat(Long.parseLong(fanRefused.getHeader("Retry-After"))).isEqualTo(1200);
      // the refused request cost the IP limit nothing: 3 left, not 2
      assertThat(fanRefused.getHeader("RateLimit")).startsWith("\"subscribe-ip\";r=3;");
      // another fan from the same IP still gets through until the IP limit is spent
      assertThat(get(client, app.port(), "/subscribe", "Authorization", "Bearer " + UUID.randomUUID()).statusCode())
          .isEqualTo(200);
      // no token: only the IP limit applies
      var anonymous = get(client, app.port(), "/subscribe");
      assertThat(anonymous.statusCode()).isEqualTo(200);
      assertThat(anonymous.getHeader("RateLimit")).isEqualTo("\"subscribe-ip\";r=1;t=48");
      assertThat(app.count(RateLimitMetrics.EXCEEDED, "policy", "subscribe", "limit", "fan", "dry_run", "false")).isEqualTo(1);
    }
  }

  @Test
  void theFirstGroupDecidesAndTheCatchAllDefaultDoesNotCountAgain(Vertx vertx) throws Exception {
    JsonObject conf = config(new JsonObject().put("narrow", group(limit("ip", "ip", 1, "1m", 1)))
        .put("default", group(limit("ip", "ip", 10, "1m", 10))), 5000);
    try (TestApp app = new TestApp(vertx, redis.uri(), conf)) {
      WebClient client = WebClient.create(vertx);
      var first = get(client, app.port(), "/chain/narrow");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.getHeader("RateLimit")).isEqualTo("\"narrow-ip\";r=0;t=60");
      assertThat(get(client, app.port(), "/chain/narrow").statusCode()).isEqualTo(429);
      var other = get(client, app.port(), "/chain/elsewhere");
      assertThat(other.statusCode()).isEqualTo(200);
      assertThat(other.getHeader("RateLimit")).as("default counted only its own route").isEqualTo("\"default-ip\";r=9;t=6");
      assertThat(app.count(RateLimitMetrics.REQUESTS, "policy", "default", "outcome", "allowed", "source", "redis")).isEqualTo(1);
    }
  }

  @Test
  void anAdmittedUploadReachesTheBodyHandlerWhole(Vertx vertx) throws Exception {
    try (TestApp app = new TestApp(vertx, redis.uri(), config(new JsonObject(), 5000))) {
      byte[] body = new byte[3 * 1024 * 1024];
      new java.util.Random(7).nextBytes(body);
      var res = WebClient.create(vertx).post(app.port(), "127.0.0.1", "/body")
          .sendBuffer(Buffer.buffer(body)).await(20, TimeUnit.SECONDS);
      assertThat(res.statusCode()).isEqualTo(200);
      assertThat(res.bodyAsString()).isEqualTo(Integer.toString(body.length));
      assertThat(res.getHeader("RateLimit")).startsWith("\"default-ip\";r=");
    }
  }

  @Test
  void twoInstancesOnOneRedisShareTheLimit(Vertx vertx) throws Exception {
    JsonObject conf = config(new JsonObject().put("shared", group(limit("ip", "ip", 4, "1m", 4))), 5000);
    try (TestApp a = new TestApp(vertx, redis.uri(), conf); TestApp b = new TestApp(vertx, redis.uri(), conf)) {
      WebClient client = WebClient.create(vertx);
      assertThat(get(client, a.port(), "/shared").statusCode()).isEqualTo(200);
      assertThat(get(client, b.port(), "/shared").statusCode()).isEqualTo(200);
      assertThat(get(client, a.port(), "/shared").statusCode()).isEqualTo(200);
      var last = get(client, b.port(), "/shared");
      assertThat(last.statusCode()).isEqualTo(200);
      assertThat(last.getHeader("RateLimit")).isEqualTo("\"shared-ip\";r=0;t=60");
      assertThat(get(client, a.port(), "/shared").statusCode()).isEqualTo(429);
      assertThat(get(client, b.port(), "/shared").statusCode()).isEqualTo(429);
    }
  }

  @Test
  void forwardedForIsIgnoredFromAnUntrustedPeerAndHonouredFromATrustedOne(Vertx vertx) throws Exception {
    JsonObject groups = new JsonObject().put("xff", group(limit("ip", "ip", 1, "1m", 1)));
    try (TestApp untrusted = new TestApp(vertx, redis.uri(), config(groups, 5000, "10.0.0.0/8"));
         TestApp trusted = new TestApp(vertx, redis.uri(), config(groups, 5000, "127.0.0.1/32", "::1/128"))) {
      WebClient client = WebClient.create(vertx);
      String xff = "X-Forwarded-For";
      // untrusted peer: a forged header cannot buy a fresh bucket, both count against 127.0.0.1
      assertThat(get(client, untrusted.port(), "/xff", xff, "203.0.113.1").statusCode()).isEqualTo(200);
      assertThat(get(client, untrusted.port(), "/xff", xff, "203.0.113.2").statusCode()).isEqualTo(429);
      // trusted peer: each forwarded client has its own bucket
      assertThat(get(client, trusted.port(), "/xff", xff, "203.0.113.1").statusCode()).isEqualTo(200);
      assertThat(get(client, trusted.port(), "/xff", xff, "198.51.100.7, 127.0.0.1").statusCode()).isEqualTo(200);
      assertThat(get(client, trusted.port(), "/xff", xff, "203.0.113.1").statusCode()).isEqualTo(429);
      // the client can prepend anything; the right-most untrusted hop is the one that counts
      assertThat(get(client, trusted.port(), "/xff", xff, "192.0.2.99, 203.0.113.1").statusCode()).isEqualTo(429);
      // IPv6 clients are limited per /64
      assertThat(get(client, trusted.port(), "/xff", xff, "2001:db8:1:2::1").statusCode()).isEqualTo(200);
      assertThat(get(client, trusted.port(), "/xff", xff, "2001:db8:1:2:ffff::9").statusCode()).isEqualTo(429);
      assertThat(get(client, trusted.port(), "/xff", xff, "2001:db8:1:3::1").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void dryRunNeverRefusesButCounts(Vertx vertx) throws Exception {
    JsonObject trial = group(limit("ip", "ip", 2, "1m", 2)).put("dryRun", true);
    JsonObject mixed = group(limit("ip", "ip", 3, "1m", 3), limit("fan", "fan", 1, "1m", 1).put("dryRun", true));
    try (TestApp app = new TestApp(vertx, redis.uri(), config(new JsonObject().put("trial", trial).put("mixed", mixed), 5000))) {
      WebClient client = WebClient.create(vertx);
      for (int i = 0; i < 5; i++) {
        var res = get(client, app.port(), "/trial");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.getHeader("RateLimit")).isNull(); // dry-run limits are not advertised
      }
      assertThat(app.count(RateLimitMetrics.EXCEEDED, "policy", "trial", "limit", "ip", "dry_run", "true")).isEqualTo(3);
      assertThat(app.count(RateLimitMetrics.REQUESTS, "policy", "trial", "outcome", "allowed", "source", "redis")).isEqualTo(5);

      String bearer = "Bearer " + UUID.randomUUID();
      int[] statuses = new int[4];
      for (int i = 0; i < 4; i++) statuses[i] = get(client, app.port(), "/mixed", "Authorization", bearer).statusCode();
      // the enforced IP limit (3) still refuses; the trial fan limit (1) only counts
      assertThat(statuses).containsExactly(200, 200, 200, 429);
      assertThat(app.count(RateLimitMetrics.EXCEEDED, "policy", "mixed", "limit", "fan", "dry_run", "true")).isEqualTo(3);
      assertThat(app.count(RateLimitMetrics.EXCEEDED, "policy", "mixed", "limit", "ip", "dry_run", "false")).isEqualTo(1);
    }
  }
}
