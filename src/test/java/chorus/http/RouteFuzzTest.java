package chorus.http;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.RawHttp;
import chorus.support.RawHttp.Answer;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random malformed requests over every route (methods, path spellings, bodies, content types and encodings,
 * headers), written raw on a socket: none may answer 5xx or hang, and every error is RFC 9457 problem JSON
 * (the share page's human 404/410 aside). Bounded in count and time; the seed is printed for a replay
 * ({@code -Dfuzz.seed=...}).
 */
class RouteFuzzTest {
  static final int REQUESTS = Integer.getInteger("fuzz.requests", 600);
  static final long BUDGET_MS = 150_000;
  static Vertx vertx;
  static TestApp app;

  static final String[] ROUTES = {"/api/locale", "/api/campaign", "/api/fan/subscription", "/api/fan/recordings",
      "/api/fan/recordings/" + UUID.randomUUID() + "/complete", "/api/fan/artwork", "/api/fan", "/mail/confirm", "/mail/unsubscribe",
      "/mail/sns", "/s/AAAAAAAAAAAAAAAAAAAAAA", "/media/artwork/ab/" + "a".repeat(64) + ".jpg", "/health/live", "/health/ready",
      "/upload/uploads/x.webm", "/download/recordings/x.webm", "/", "/index.html", "/i18n/en.json", "/privacy", "/terms",
      "/api/fan/export", "/console/api/settings/retention",
      "/console/api/mixes", "/console/api/mixes/" + UUID.randomUUID(), "/console/api/mix-groups", "/console/api/alignments",
      "/console/api/alignments/" + UUID.randomUUID() + "/nudge"};
  static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "FOO"};
  static final String[] TYPES = {"application/json", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x", "application/xml", "", "*/*", "application/json;;;", "\u00e9/\u00e8"};

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

  static String spell(Random r, String path) {
    return switch (r.nextInt(12)) {
      case 0 -> path.replaceFirst("/", "/./");
      case 1 -> path.replace("/", "//");
      case 2 -> path.replaceFirst("/([a-z])", "/%2e/$1");
      case 3 -> path.replace("/", "%2f");
      case 4 -> path + "/";
      case 5 -> path + "/../" + path.substring(1);
      case 6 -> path.toUpperCase();
      case 7 -> path + "?" + "q=%zz&x=" + "\u00ff".repeat(r.nextInt(3)) + "&lang=" + "a".repeat(r.nextInt(200));
      case 8 -> path + "%00";
      case 9 -> "/..%2f..%2f" + path;
      default -> path;
    };
  }

  static byte[] body(Random r) {
    return switch (r.nextInt(10)) {
      case 0 -> new byte[0];
      case 1 -> {
        byte[] b = new byte[r.nextInt(3000)];
        r.nextBytes(b);
        yield b;
      }
      case 2 -> "{".repeat(r.nextInt(5000)).getBytes(StandardCharsets.UTF_8);
      case 3 -> "[".repeat(2000).concat("]".repeat(2000)).getBytes(StandardCharsets.UTF_8);
      case 4 -> ("{\"email\":" + r.nextLong() + ",\"name\":[],\"team\":{},\"lang\":null,\"contentType\":1e999,\"bytes\":-1,\"durationMs\":\"x\"}").getBytes(StandardCharsets.UTF_8);
      case 5 -> ("{\"email\":\"" + "a".repeat(r.nextInt(100_000)) + "@x.com\"}").getBytes(StandardCharsets.UTF_8);
      case 6 -> "{\"contentType\":\"audio/webm\",\"bytes\":9223372036854775807,\"durationMs\":2147483648}".getBytes(StandardCharsets.UTF_8);
      case 7 -> "{\"name\":\"\\ud800\",\"team\":\"aurora\",\"lang\":\"en\"}".getBytes(StandardCharsets.UTF_8);
      case 8 -> "Type=Notification&Message=%ff".getBytes(StandardCharsets.UTF_8);
      default -> "{\"email\":\"fuzz@example.com\",\"name\":\"Fuzz\",\"team\":\"aurora\",\"lang\":\"en\",\"newsletter\":true,\"contest\":false}"
          .getBytes(StandardCharsets.UTF_8);
    };
  }

  static String headers(Random r, byte[] body) {
    StringBuilder h = new StringBuilder("\r\nHost: 127.0.0.1");
    int kind = r.nextInt(6);
    if (kind == 0) h.append("\r\nContent-Length: ").append(body.length);
    else if (kind == 1) h.append("\r\nContent-Length: ").append(body.length + r.nextInt(3) - 1 < 0 ? 0 : body.length);
    else if (kind == 2) h.append("\r\nTransfer-Encoding: chunked");
    else h.append("\r\nContent-Length: ").append(body.length);
    h.append("\r\nContent-Type: ").append(TYPES[r.nextInt(TYPES.length)]);
    if (r.nextBoolean()) h.append("\r\nContent-Encoding: ").append(r.nextBoolean() ? "gzip" : "br, deflate");
    switch (r.nextInt(6)) {
      case 0 -> h.append("\r\nAuthorization: Bearer ").append(UUID.randomUUID());
      case 1 -> h.append("\r\nAuthorization: Bearer  ").append(UUID.randomUUID());
      case 2 -> h.append("\r\nAuthorization: Basic Zm9vOmJhcg==");
      case 3 -> h.append("\r\nAuthorization: Bearer ").append("x".repeat(r.nextInt(5000)));
      default -> { }
    }
    if (r.nextInt(4) == 0) h.append("\r\nAccept-Language: ").append("zz-ZZ;q=2,,;q=,*".repeat(1 + r.nextInt(20)));
    if (r.nextInt(4) == 0) h.append("\r\nX-Forwarded-For: ").append(r.nextBoolean() ? "::ffff:999.1.1.1, ,," : "1.2.3.4".repeat(50));
    if (r.nextInt(4) == 0) h.append("\r\nX-Request-Id: ").append("\u00ff".repeat(r.nextInt(300)));
    if (r.nextInt(5) == 0) h.append("\r\nRange: bytes=").append(r.nextInt(100)).append("-").append(r.nextInt(10));
    if (r.nextInt(5) == 0) h.append("\r\nIf-None-Match: ").append("\"".repeat(r.nextInt(50)));
    if (r.nextInt(5) == 0) h.append("\r\nAccept-Encoding: ").append("gzip;q=x, *;q=-1");
    return h.toString();
  }

  static byte[] encode(String head, byte[] body) {
    if (!head.contains("Transfer-Encoding: chunked")) return body;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  @Test
  void randomMalformedRequestsOverEveryRouteNeverAnswer5xxNorHang() throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("RouteFuzzTest seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
    Random r = new Random(seed);
    long start = System.currentTimeMillis();
    List<String> bad = new ArrayList<>();
    int sent = 0;
    for (; sent < REQUESTS && System.currentTimeMillis() - start < BUDGET_MS; sent++) {
      String method = METHODS[r.nextInt(METHODS.length)];
      String path = spell(r, ROUTES[r.nextInt(ROUTES.length)]);
      byte[] body = method.equals("GET") || method.equals("HEAD") ? (r.nextInt(4) == 0 ? body(r) : new byte[0]) : body(r);
      String head = method + " " + path + " HTTP/1.1" + headers(r, body);
      Answer a;
      try {
        a = RawHttp.send(app.port(), head, encode(head, body), 10_000);
      } catch (java.io.IOException e) {
        bad.add("no answer: " + head.lines().findFirst().orElse("") + " → " + e.getMessage());
        continue;
      }
      String what = method + " " + path + " → " + a.status();
      if (a.status() >= 500) bad.add(what + " " + a.body());
      if (a.millis() > 8_000) bad.add(what + " took " + a.millis() + " ms");
      boolean humanPage = path.startsWith("/s/") && (a.status() == 404 || a.status() == 410);
      if (a.status() >= 400 && !humanPage && !method.equals("HEAD") && !"application/problem+json".equals(a.header("Content-Type"))) {
        bad.add(what + " without a problem body: " + a.header("Content-Type") + " " + a.body());
      }
    }
    assertThat(sent).as("requests sent").isGreaterThanOrEqualTo(Math.min(REQUESTS, 200));
    assertThat(bad).as("seed " + seed).isEmpty();
    // and the app still answers normally afterwards
    assertThat(RawHttp.send(app.port(), "GET /api/locale HTTP/1.1\r\nHost: x").status()).isEqualTo(200);
  }
}
