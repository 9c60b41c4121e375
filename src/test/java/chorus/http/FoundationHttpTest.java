package chorus.http;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FoundationHttpTest {
  static Vertx vertx;
  static TestApp app;

  @BeforeAll
  static void start() {
    vertx = chorus.app.Launcher.newVertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of()));
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    vertx.close().await();
  }

  @Test
  void readyWhenDatabaseRedisAndStorageAnswer() {
    HttpResponse<Buffer> r = app.client.get("/health/ready").send().await();
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")))
        .containsExactlyInAnyOrder("database", "redis", "storage");
    assertThat(app.client.get("/health/live").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void unknownApiRouteIsAProblemJson404() {
    HttpResponse<Buffer> r = app.client.get("/api/no-such-thing").send().await();
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject p = r.bodyAsJsonObject();
    assertThat(p.getInteger("status")).isEqualTo(404);
    assertThat(p.getString("type")).endsWith("/not-found");
    assertThat(p.getString("title")).isNotBlank();
    assertThat(p.getString("requestId")).isEqualTo(r.getHeader("X-Request-Id"));
  }

  @Test
  void unknownPageIsAProblemJson404Too() {
    HttpResponse<Buffer> r = app.client.get("/no/such/page.html").send().await();
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void wrongMethodIsAProblemJson405() {
    HttpResponse<Buffer> r = app.client.delete("/api/locale").send().await();
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.bodyAsJsonObject().getInteger("status")).isEqualTo(405);
  }

  @Test
  void requestIdFromTheProxyIsKeptAndAFreshOneIsMadeOtherwise() {
    HttpResponse<Buffer> kept = app.client.get("/health/live").putHeader("X-Request-Id", "cdn-abc-123").send().await();
    assertThat(kept.getHeader("X-Request-Id")).isEqualTo("cdn-abc-123");
    HttpResponse<Buffer> hostile = app.client.get("/health/live").putHeader("X-Request-Id", "bad id\" <x>").send().await();
    assertThat(hostile.getHeader("X-Request-Id")).matches("[0-9a-z]+-[0-9a-z]+");
    HttpResponse<Buffer> fresh = app.client.get("/health/live").send().await();
    assertThat(fresh.getHeader("X-Request-Id")).matches("[0-9a-z]+-[0-9a-z]+").isNotEqualTo(hostile.getHeader("X-Request-Id"));
  }

  @Test
  void metricsArePrometheusText() {
    app.client.get("/health/live").send().await();
    HttpResponse<Buffer> r = app.client.get("/metrics").send().await();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).contains("# TYPE").contains("vertx_http_server_requests_total");
  }

  @Test
  void landingPageIsServedAndRevalidated() {
    HttpResponse<Buffer> r = app.client.get("/").send().await();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("text/html");
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(r.bodyAsString()).contains("<html");
    assertThat(r.getHeader("Content-Security-Policy")).contains("connect-src 'self' " + TestServices.get().s3Endpoint.toString().replaceAll("/$", ""));
    assertThat(app.client.head("/").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void fingerprintedAssetsAreImmutable() {
    assertThat(StaticFiles.cacheControl("/assets/app.3f9a1c2e.js", false)).contains("immutable");
    assertThat(StaticFiles.cacheControl("/index.html", false)).isEqualTo("no-cache");
    assertThat(StaticFiles.cacheControl("/assets/app.js", true)).isEqualTo("no-cache");
  }
}
