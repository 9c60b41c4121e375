package chorus.http;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.console.ConsoleClient;
import chorus.console.ConsoleFixture;
import chorus.console.ConsoleRoutes;
import chorus.support.RawHttp;
import chorus.support.RawHttp.Answer;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.sqlclient.Pool;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random malformed requests over every route (methods, path spellings, path and query parameters, bodies,
 * content types and encodings, headers), written raw on a socket: none may answer 5xx or hang, and every error
 * is RFC 9457 problem JSON (the share page's human 404/410 aside). The routes are every operation of
 * {@code openapi.yaml} (so a new API route cannot be left out) plus the routes outside the contract in
 * {@link #WEB}; the console's API is fuzzed in turn without a session and with a signed-in admin's session and
 * CSRF token. Round-robin over the routes, so each gets its share. Bounded in count and time; the seed is printed
 * for a replay ({@code -Dfuzz.seed=...}).
 */
class RouteFuzzTest {
  static final int REQUESTS = Integer.getInteger("fuzz.requests", 1400);
  static final long BUDGET_MS = 50_000;
  static Vertx vertx;
  static TestApp app;
  static Pool pool;
  static List<Target> targets;
  static ConsoleClient admin;

  /** A route: its method ({@code null}: any), its path with {@code {parameters}}, its query parameters. */
  record Target(String method, String path, List<String> query) {
    boolean console() {
      return path.startsWith(ConsoleRoutes.API);
    }
  }

  /** The routes outside the contract: mail links and SNS, share page, media, health, local storage, console pages, the website. */
  static final List<Target> WEB = Stream.of("/mail/confirm", "/mail/unsubscribe", "/mail/sns", "/s/{shareId}",
      "/media/artwork/ab/" + "a".repeat(64) + ".jpg", "/health/live", "/health/ready", "/health/details",
      "/upload/uploads/x.webm", "/download/recordings/x.webm", "/console", "/console/", "/console/takes", "/",
      "/index.html", "/i18n/en.json", "/privacy", "/terms").map(p -> new Target(null, p, List.of())).toList();
  static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "FOO"};
  static final String[] TYPES = {"application/json", "application/json; charset=utf-16", "text/plain", "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x", "application/xml", "", "*/*", "application/json;;;", "\u00e9/\u00e8"};

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of("render.workers", 1)));
    pool = ConsoleFixture.pool(app);
    admin = ConsoleFixture.signedIn(app, pool, "admin");
    OpenAPIContract contract = OpenAPIContract.from(vertx, HttpVerticle.CONTRACT).await();
    targets = new ArrayList<>();
    for (Operation op : contract.operations()) {
      List<String> query = op.getParameters().stream().filter(p -> p.getIn() == Location.QUERY).map(Parameter::getName).toList();
      targets.add(new Target(op.getHttpMethod().name(), op.getOpenAPIPath(), query));
    }
    targets.addAll(WEB);
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    app.close();
    vertx.close().await();
  }

  @Test
  void theRouteListHoldsEveryContractOperationAndTheConsole() {
    OpenAPIContract contract = OpenAPIContract.from(vertx, HttpVerticle.CONTRACT).await();
    assertThat(contract.operations()).isNotEmpty();
    for (Operation op : contract.operations()) {
      assertThat(targets).as(op.getOperationId()).anyMatch(t -> op.getHttpMethod().name().equals(t.method()) && op.getOpenAPIPath().equals(t.path()));
    }
    assertThat(targets).anyMatch(t -> t.path().equals("/console/api/members/{memberId}"))
        .anyMatch(t -> t.path().equals("/api/report/{shareId}")).anyMatch(t -> t.path().equals("/health/details"));
  }

  /** Found by this fuzz: the console's body handler threw on a GET claiming a multipart body (500). */
  @Test
  void aConsoleGetClaimingAMultipartBodyIsAnsweredNotFailed() throws Exception {
    String head = "GET /console/api/takes HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x";
    Answer anonymous = RawHttp.send(app.port(), head);
    assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
    assertThat(anonymous.header("Content-Type")).isEqualTo("application/problem+json");
    Answer signedIn = RawHttp.send(app.port(), head + sessionHeaders(new Random(0)));
    assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
  }

  /** A value for a path parameter: mostly one of the right shape (so the request reaches the handler), sometimes not. */
  static String param(Random r, String name) {
    return switch (r.nextInt(8)) {
      case 0 -> "%zz";
      case 1 -> "..%2f..";
      case 2 -> "a".repeat(r.nextInt(3000));
      case 3 -> "-1";
      case 4 -> "%C3%A9%00";
      default -> name.equals("shareId") ? "AAAAAAAAAAAAAAAAAAAAAA" : UUID.randomUUID().toString();
    };
  }

  static String fill(Random r, Target t) {
    String path = t.path();
    for (int open; (open = path.indexOf('{')) >= 0; ) {
      int close = path.indexOf('}', open);
      path = path.substring(0, open) + param(r, path.substring(open + 1, close)) + path.substring(close + 1);
    }
    if (!t.query().isEmpty() && r.nextBoolean()) {
      String[] junk = {"", "-1", "99999999999999999999", "x", "%ff", "1e3", "true", "2026-13-45", "a".repeat(500)};
      StringBuilder q = new StringBuilder();
      for (String name : t.query()) q.append(q.isEmpty() ? "?" : "&").append(name).append('=').append(junk[r.nextInt(junk.length)]);
      path += q;
    }
    return path;
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
    int consoleAnsweredInSession = 0;
    int consoleAnsweredWithoutSession = 0;
    for (; sent < REQUESTS && System.currentTimeMillis() - start < BUDGET_MS; sent++) {
      Target target = targets.get(sent % targets.size());
      boolean session = target.console() && (sent / targets.size()) % 2 == 1;
      String method = target.method() != null && r.nextInt(5) > 0 ? target.method() : METHODS[r.nextInt(METHODS.length)];
      String path = spell(r, fill(r, target));
      byte[] body = method.equals("GET") || method.equals("HEAD") ? (r.nextInt(4) == 0 ? body(r) : new byte[0]) : body(r);
      String head = method + " " + path + " HTTP/1.1" + headers(r, body) + (session ? sessionHeaders(r) : "");
      Answer a;
      try {
        a = RawHttp.send(app.port(), head, encode(head, body), 10_000);
      } catch (java.io.IOException e) {
        bad.add("no answer: " + head.lines().findFirst().orElse("") + " → " + e.getMessage());
        continue;
      }
      String what = method + " " + path + (session ? " (admin session)" : "") + " → " + a.status();
      if (a.status() >= 500) bad.add(what + " " + a.body());
      if (a.millis() > 8_000) bad.add(what + " took " + a.millis() + " ms");
      boolean humanPage = path.startsWith("/s/") && (a.status() == 404 || a.status() == 410);
      if (a.status() >= 400 && !humanPage && !method.equals("HEAD") && !"application/problem+json".equals(a.header("Content-Type"))) {
        bad.add(what + " without a problem body: " + a.header("Content-Type") + " " + a.body());
      }
      boolean answered = a.status() < 300 && path.startsWith(ConsoleRoutes.API) && !path.startsWith("/console/api/session")
          && !path.startsWith("/console/api/login");
      if (answered && session) consoleAnsweredInSession++;
      if (answered && !session) consoleAnsweredWithoutSession++;
      // a fuzzed logout (or password change) can end the session: sign in again so the rest still runs signed in
      if (session && a.status() < 300 && (path.contains("logout") || path.contains("password"))) admin = ConsoleFixture.signedIn(app, pool, "admin");
    }
    assertThat(sent).as("requests sent").isGreaterThanOrEqualTo(Math.min(REQUESTS, 4 * targets.size()));
    assertThat(bad).as("seed " + seed).isEmpty();
    assertThat(consoleAnsweredInSession).as("console API calls the admin session got through").isPositive();
    assertThat(consoleAnsweredWithoutSession).as("console API calls answered 2xx without a session").isZero();
    // and the app still answers normally afterwards
    assertThat(RawHttp.send(app.port(), "GET /api/locale HTTP/1.1\r\nHost: x").status()).isEqualTo(200);
  }

  /** The admin's session cookie and, mostly, the right CSRF token (sometimes a wrong one, sometimes none). */
  static String sessionHeaders(Random r) {
    StringBuilder h = new StringBuilder("\r\nCookie: ");
    admin.cookies.forEach((k, v) -> h.append(k).append('=').append(v).append("; "));
    String token = admin.cookies.get("XSRF-TOKEN");
    int pick = r.nextInt(10);
    if (pick < 8) h.append("\r\nX-XSRF-TOKEN: ").append(token);
    else if (pick == 8) h.append("\r\nX-XSRF-TOKEN: ").append(UUID.randomUUID());
    return h.toString();
  }
}
