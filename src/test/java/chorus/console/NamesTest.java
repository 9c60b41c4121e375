package chorus.console;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.names.NameCheck;
import chorus.support.FanClient;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Names: the word lists flag (never block), reports flag, rejection withdraws the share page and images (410). */
class NamesTest {
  static Vertx vertx;
  static TestApp app;
  static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of("render.workers", 1, "trustedProxies", "127.0.0.1/32",
        "clientIpHeader", "X-Forwarded-For")));
    pool = ConsoleFixture.pool(app);
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  @Test
  void theWordListsIgnoreCaseAccentsAndDigitSwapsAndShowTheWord() {
    assertThat(NameCheck.check("Sh1t Happens", "en")).extracting(NameCheck.Match::word).containsExactly("shit");
    assertThat(NameCheck.check("Die Scheiße", "de")).extracting(NameCheck.Match::word).containsExactly("scheisse");
    assertThat(NameCheck.check("MonsieurConnard", "fr")).extracting(m -> m.word() + "/" + m.list()).containsExactly("connard/fr");
    assertThat(NameCheck.check("Wanker", "it")).extracting(NameCheck.Match::list).containsExactly("en");
    assertThat(NameCheck.check("Hancock", "en")).isEmpty();
    assertThat(NameCheck.check("Charles Dickens", "en")).isEmpty();
    assertThat(NameCheck.check("Łukasz Żółć", "pl")).isEmpty();
    assertThat(NameCheck.check("山田太郎", "ja")).isEmpty();
  }

  static JsonObject artwork(String name) {
    return new JsonObject().put("name", name).put("team", "aurora").put("lang", "en");
  }

  static String ip() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
  }

  static HttpResponse<Buffer> report(String shareId, String ip) {
    return app.client.post("/api/report/" + shareId).putHeader("X-Forwarded-For", ip).sendJsonObject(new JsonObject()).await();
  }

  @Test
  void aListedNameIsMadeButFlaggedAndRejectingItWithdrawsPageAndImages() {
    FanClient fan = new FanClient(app.client);
    String name = "Shit Singer " + ThreadLocalRandom.current().nextInt(1_000_000);
    HttpResponse<Buffer> made = fan.post("/api/fan/artwork", artwork(name));
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    String shareId = made.bodyAsJsonObject().getString("shareId");
    String image = made.bodyAsJsonObject().getJsonObject("images").getJsonObject("cover").getString("url");
    String imagePath = image.substring(image.indexOf("/media/"));
    assertThat(app.client.get("/s/" + shareId).send().await().statusCode()).isEqualTo(200);

    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    JsonObject listed = find(mod.get("/console/api/names?limit=200").bodyAsJsonObject().getJsonArray("names"), shareId);
    assertThat(listed.getString("name")).isEqualTo(name);
    assertThat(listed.getJsonArray("matches").getJsonObject(0).getString("word")).isEqualTo("shit");
    assertThat(listed.encode()).doesNotContain("fan_key").doesNotContain("@");

    assertProblem(mod.post("/console/api/names/" + shareId + "/decision", new JsonObject().put("decision", "reject")), 400, "reason");
    var rejected = mod.post("/console/api/names/" + shareId + "/decision", new JsonObject().put("decision", "reject").put("reason", "profanity"));
    assertThat(rejected.statusCode()).as(rejected.bodyAsString()).isEqualTo(200);
    assertThat(app.client.get("/s/" + shareId).send().await().statusCode()).isEqualTo(410);
    assertThat(app.client.get(imagePath).send().await().statusCode()).isEqualTo(410);
    JsonObject mine = fan.get("/api/fan").bodyAsJsonObject().getJsonArray("artworks").getJsonObject(0);
    assertThat(mine.getBoolean("withdrawn")).isTrue();
    HttpResponse<Buffer> again = fan.post("/api/fan/artwork", artwork(name));
    assertProblem(again, 422, "name");
    assertThat(again.bodyAsJsonObject().getString("type")).endsWith("name-rejected");
    assertProblem(report(shareId, ip()), 410, null);
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    JsonObject audit = admin.get("/console/api/audit?target=" + shareId).bodyAsJsonObject().getJsonArray("entries").getJsonObject(0);
    assertThat(audit.getString("action")).isEqualTo("name.reject");
    assertThat(audit.getJsonObject("details").getString("reason")).isEqualTo("profanity");
  }

  @Test
  void aReportFlagsACleanNameOnceperAddressAndReportsAreRateLimited() {
    FanClient fan = new FanClient(app.client);
    String shareId = fan.post("/api/fan/artwork", artwork("Clean Name " + ThreadLocalRandom.current().nextInt(1_000_000)))
        .bodyAsJsonObject().getString("shareId");
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    assertThat(find(mod.get("/console/api/names?limit=200").bodyAsJsonObject().getJsonArray("names"), shareId)).isNull();
    String ip = ip();
    assertThat(report(shareId, ip).statusCode()).isEqualTo(202);
    assertThat(report(shareId, ip).statusCode()).isEqualTo(202);
    JsonObject listed = find(mod.get("/console/api/names?limit=200").bodyAsJsonObject().getJsonArray("names"), shareId);
    assertThat(listed.getInteger("reports")).isEqualTo(1);
    assertThat(listed.getJsonArray("matches")).isEmpty();
    assertThat(mod.post("/console/api/names/" + shareId + "/decision", new JsonObject().put("decision", "approve")).statusCode()).isEqualTo(200);
    assertThat(find(mod.get("/console/api/names?limit=200").bodyAsJsonObject().getJsonArray("names"), shareId)).isNull();
    assertThat(app.client.get("/s/" + shareId).send().await().statusCode()).isEqualTo(200);
    assertProblem(report("AAAAAAAAAAAAAAAAAAAAAA", ip), 404, null);
    for (int i = 3; i <= NameHandlers.REPORTS_PER_HOUR; i++) report(shareId, ip);
    HttpResponse<Buffer> limited = report(shareId, ip);
    assertProblem(limited, 429, null);
    assertThat(Long.parseLong(limited.getHeader("Retry-After"))).isBetween(1L, 3600L);
  }

  @Test
  void theSharePageFormReportsAndComesBack() {
    FanClient fan = new FanClient(app.client);
    String shareId = fan.post("/api/fan/artwork", artwork("Form Name " + ThreadLocalRandom.current().nextInt(1_000_000)))
        .bodyAsJsonObject().getString("shareId");
    String page = app.client.get("/s/" + shareId).send().await().bodyAsString();
    assertThat(page).contains("action=\"/api/report/" + shareId + "\"");
    HttpResponse<Buffer> posted = app.client.post("/api/report/" + shareId).putHeader("X-Forwarded-For", ip())
        .putHeader("Content-Type", "text/plain").followRedirects(false).sendBuffer(Buffer.buffer()).await();
    assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(303);
    assertThat(posted.getHeader("Location")).isEqualTo("/s/" + shareId + "?reported=1");
    assertThat(app.client.get("/s/" + shareId + "?reported=1").send().await().bodyAsString()).contains("Thank you");
  }

  static JsonObject find(JsonArray names, String shareId) {
    for (int i = 0; i < names.size(); i++) if (names.getJsonObject(i).getString("shareId").equals(shareId)) return names.getJsonObject(i);
    return null;
  }
}
