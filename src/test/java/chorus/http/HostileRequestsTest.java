package chorus.http;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.FanClient;
import chorus.support.RawHttp;
import chorus.support.RawHttp.Answer;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests a hostile or careless client sends, written byte for byte on a socket: non-canonical path
 * spellings, bodies without credentials, what the HTTP decoder refuses, HEAD on GET routes, odd bearers.
 */
class HostileRequestsTest {
  static Vertx vertx;
  static TestApp app;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of("render.workers", 1)));
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  static Answer post(String path, String auth, String contentType, String body) throws Exception {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + bytes.length
        + (contentType == null ? "" : "\r\nContent-Type: " + contentType) + (auth == null ? "" : "\r\nAuthorization: " + auth);
    return RawHttp.send(app.port(), head, bytes, 10_000);
  }

  static void assertProblem(Answer a, int status) {
    assertThat(a.status()).as(a.toString()).isEqualTo(status);
    assertThat(a.header("Content-Type")).as(a.toString()).isEqualTo("application/problem+json");
    assertThat(a.json().getInteger("status")).isEqualTo(status);
  }

  @Test
  void nonCanonicalSpellingsOfTheSubscribePathAreRefusedAndSubscribeNobody() throws Exception {
    List<String> spellings = List.of("/api/fan/./subscription", "/api/fan/%2e/subscription", "/api/fan//subscription",
        "/api/fan%2fsubscription", "/api/fan%2Fsubscription", "/api/fan/%73ubscription", "/api/fan/subscription/",
        "/api/x/../fan/subscription", "/api/fan/x/%2e%2e/subscription", "//api/fan/subscription", "/api/fan/subscription%00");
    for (String path : spellings) {
      String token = UUID.randomUUID().toString();
      String body = FanClient.subscription("np-" + UUID.randomUUID() + "@example.com", "Path Tester").encode();
      Answer a = post(path, "Bearer " + token, "application/json", body);
      assertThat(a.status()).as(path + " → " + a).isIn(400, 404);
      assertThat(a.header("Content-Type")).as(path).isEqualTo("application/problem+json");
      Answer fan = RawHttp.send(app.port(), "GET /api/fan HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token);
      assertThat(fan.json().getValue("subscription")).as(path + " must not have subscribed").isNull();
    }
    Answer canonical = post("/api/fan/subscription", "Bearer " + UUID.randomUUID(), "application/json",
        FanClient.subscription("np-" + UUID.randomUUID() + "@example.com", "Path Tester").encode());
    assertThat(canonical.status()).as(canonical.toString()).isEqualTo(201);
  }

  @Test
  void aFanCallWithoutAValidBearerIs401WhateverItsBody() throws Exception {
    for (String path : List.of("/api/fan/subscription", "/api/fan/recordings", "/api/fan/artwork",
        "/api/fan/recordings/" + UUID.randomUUID() + "/complete")) {
      for (String body : List.of("", "{", "[]", "{\"email\":42}", "not json at all")) {
        for (String ct : new String[] {"application/json", "text/plain", null}) {
          assertProblem(post(path, null, ct, body), 401);
          assertProblem(post(path, "Bearer not-a-uuid", ct, body), 401);
        }
      }
    }
  }

  @Test
  void aBearerWithExtraWhitespaceInsideFails() throws Exception {
    String token = UUID.randomUUID().toString();
    for (String auth : List.of("Bearer  " + token, "Bearer\t" + token, "Bearer " + token.replace("-", " -"), " Bearer" + token)) {
      assertProblem(RawHttp.send(app.port(), "GET /api/fan HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth), 401);
    }
    // surrounding whitespace is not part of a header value (RFC 9110): the same fan (limited as that fan, see
    // ShippedLimitsJourneyTest)
    Answer trailing = RawHttp.send(app.port(), "GET /api/fan HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "   ");
    assertThat(trailing.status()).as(trailing.toString()).isEqualTo(200);
  }

  @Test
  void encodedDotDotSlashesAreA4xxProblemNotA500() throws Exception {
    for (String path : List.of("/..%2f..%2f", "/..%2f..%2fetc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..\\..\\", "/%c0%ae%c0%ae/",
        "/assets/..%2f..%2fpom.xml", "/%", "/%zz", "/media/..%2f..%2f", "/s/..%2f")) {
      Answer a = RawHttp.send(app.port(), "GET " + path + " HTTP/1.1\r\nHost: x");
      assertThat(a.status()).as(path + " → " + a).isBetween(400, 499);
      assertThat(a.header("Content-Type")).as(path).isEqualTo("application/problem+json");
    }
  }

  @Test
  void aTextBodyWhereTheContractAllowsOneIsA4xxNotA500() throws Exception {
    // found by RouteFuzzTest: the share page's report form posts text/plain; a body in it reached the JSON schema
    // validator as raw bytes and answered 500
    Answer a = post("/api/report/AAAAAAAAAAAAAAAAAAAAAA", null, "text/plain", "reason=spam");
    assertThat(a.status()).as(a.toString()).isBetween(400, 499);
    assertThat(a.header("Content-Type")).as(a.toString()).isEqualTo("application/problem+json");
  }

  @Test
  void whatTheDecoderRefusesIsAProblemToo() throws Exception {
    assertProblem(RawHttp.send(app.port(), "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x"), 414);
    assertProblem(RawHttp.send(app.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000)), 431);
    assertProblem(RawHttp.send(app.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b"), 400);
    assertProblem(RawHttp.send(app.port(), "GET / HTTP/1.1\r\nHost: x\r\nBad Header Name: 1"), 400);
  }

  @Test
  void everyGetRouteAnswersHeadAndTheSharePageCannotBeFramed() throws Exception {
    FanClient fan = new FanClient(app.client);
    var made = fan.post("/api/fan/artwork", new JsonObject().put("name", "Head Check").put("team", "aurora").put("lang", "en"));
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    String share = "/s/" + made.bodyAsJsonObject().getString("shareId");
    String cover = java.net.URI.create(made.bodyAsJsonObject().getJsonObject("images").getJsonObject("cover").getString("url")).getPath();
    for (String path : List.of(share, cover, "/api/locale", "/api/campaign", "/health/live", "/", "/index.html")) {
      Answer get = RawHttp.send(app.port(), "GET " + path + " HTTP/1.1\r\nHost: x");
      Answer head = RawHttp.send(app.port(), "HEAD " + path + " HTTP/1.1\r\nHost: x");
      assertThat(get.status()).as("GET " + path).isEqualTo(200);
      assertThat(head.status()).as("HEAD " + path + " → " + head).isEqualTo(200);
      assertThat(head.body()).as("HEAD has no body").isEmpty();
      assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
    }
    Answer headFan = RawHttp.send(app.port(), "HEAD /api/fan HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + fan.token);
    assertThat(headFan.status()).isEqualTo(200);
    Answer page = RawHttp.send(app.port(), "GET " + share + " HTTP/1.1\r\nHost: x");
    assertThat(page.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
  }
}
