package chorus.http;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.FanClient;
import chorus.support.Hang;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Every request has a deadline. With PostgreSQL hung (SIGSTOP: connections open, no answers) the fan API
 * answers 503 + Retry-After within seconds, never a 500 and never a hang; with Redis hung the site keeps
 * serving through the fallback limiter. In both cases this instance stays ready (a shared dependency is not
 * a reason to leave the load balancer) while /health/details names what is down.
 */
class DeadlineTest {
  private static final long ANSWER_WITHIN_MS = 6_000;

  @Test
  void hungDatabaseGives503WithRetryAfterWithinSecondsAndTheInstanceStaysReady() throws Exception {
    Path dir = Files.createTempDirectory("chorus-hung-pg");
    int port = TestServices.freePort();
    EmbeddedPostgres pg = TestServices.startPostgres(dir, port);
    Vertx vertx = Vertx.vertx();
    TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of("pg.url", TestServices.pgUrl(port),
        "pg.timeoutMs", 1_000, "http.deadlineMs", 4_000)));
    String bearer = UUID.randomUUID().toString();
    try {
      assertThat(send(app, "POST", "/api/fan/subscription", bearer, sub()).statusCode()).isEqualTo(201);
      try (Hang hung = Hang.listenerOn(port)) {
        for (String[] call : new String[][] {{"POST", "/api/fan/subscription"}, {"GET", "/api/fan"}}) {
          long t0 = System.nanoTime();
          HttpResponse<Buffer> r = send(app, call[0], call[1], UUID.randomUUID().toString(), call[0].equals("POST") ? sub() : null);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          assertThat(r.statusCode()).as(call[1] + ": " + r.bodyAsString()).isEqualTo(503);
          assertThat(ms).as(call[1] + " answered within").isLessThan(ANSWER_WITHIN_MS);
          assertThat(r.getHeader("Retry-After")).as(call[1]).matches("[1-9][0-9]*");
          assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
          assertThat(r.bodyAsJsonObject().getInteger("status")).isEqualTo(503);
        }
        assertThat(send(app, "GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> details = send(app, "GET", "/health/details", null, null);
        assertThat(details.statusCode()).isEqualTo(503);
        assertThat(details.bodyAsJsonObject().getJsonArray("failing").getList()).containsExactly("database");
      }
      int status = 0;
      for (int i = 0; i < 50 && status != 200; i++) {
        status = send(app, "POST", "/api/fan/subscription", bearer, sub().put("name", "Back Again")).statusCode();
        if (status != 200) Thread.sleep(200);
      }
      assertThat(status).as("the same fan's update once the database answers again").isEqualTo(200);
    } finally {
      app.close();
      vertx.close().await();
      pg.close();
    }
  }

  @Test
  void hungRedisKeepsTheSiteServingThroughTheFallbackAndTheInstanceReady() throws Exception {
    int port = TestServices.freePort();
    RedisServer redis = TestServices.startRedis(port);
    Vertx vertx = Vertx.vertx();
    TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of("redis.url", "redis://127.0.0.1:" + port,
        "http.deadlineMs", 4_000)));
    try {
      assertThat(send(app, "GET", "/api/locale", null, null).statusCode()).isEqualTo(200);
      try (Hang hung = Hang.listenerOn(port)) {
        for (int i = 0; i < 5; i++) {
          long t0 = System.nanoTime();
          HttpResponse<Buffer> r = send(app, "GET", "/api/locale", null, null);
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
          assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(ANSWER_WITHIN_MS);
        }
        assertThat(send(app, "GET", "/health/ready", null, null).statusCode()).isEqualTo(200);
        HttpResponse<Buffer> details = send(app, "GET", "/health/details", null, null);
        assertThat(details.statusCode()).isEqualTo(503);
        JsonObject body = details.bodyAsJsonObject();
        assertThat(body.getJsonArray("failing").getList()).containsExactly("redis");
        assertThat(body.getString("rateLimiter")).isEqualTo("in-process fallback");
      }
    } finally {
      app.close();
      vertx.close().await();
      redis.stop();
    }
  }

  private static JsonObject sub() {
    return FanClient.subscription("hung" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "Hung Fan");
  }

  /** A request that itself gives up after 15 s, so a hang fails the test instead of stalling it. */
  private static HttpResponse<Buffer> send(TestApp app, String method, String path, String bearer, JsonObject body) {
    HttpRequest<Buffer> req = method.equals("POST") ? app.client.post(path) : app.client.get(path);
    req.timeout(15_000);
    if (bearer != null) req.putHeader("Authorization", "Bearer " + bearer);
    return (body == null ? req.send() : req.sendJsonObject(body)).await();
  }
}
