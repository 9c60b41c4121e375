package chorus.console;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.storage.Storages;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The take moderation queue on S3 storage (s3proxy): order, filters, pages, playback, decisions, bulk approval. */
class ModerationTest {
  static Vertx vertx;
  static TestApp app;
  static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of()));
    pool = ConsoleFixture.pool(app);
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  @Test
  void theQueueIsOldestFirstFilteredPagedAndShowsNoEmailOrFanId() {
    String team = ConsoleData.team();
    OffsetDateTime t0 = OffsetDateTime.now().minusHours(2);
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Buffer fan = ConsoleData.fan(pool, i % 2 == 0 ? "FR" : "DE");
      ConsoleData.subscribe(pool, fan, i % 2 == 0 ? "fr" : "de", team, true);
      ids.add(ConsoleData.take(pool, fan, i == 4 ? "clipped" : "ok", t0.plusMinutes(5 - i)));
    }
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    var first = mod.get("/console/api/takes?team=" + team + "&limit=2").bodyAsJsonObject();
    JsonArray page1 = first.getJsonArray("takes");
    assertThat(page1).hasSize(2);
    assertThat(page1.getJsonObject(0).getString("recordingId")).isEqualTo(ids.get(4).toString());
    assertThat(page1.getJsonObject(1).getString("recordingId")).isEqualTo(ids.get(3).toString());
    var second = mod.get("/console/api/takes?team=" + team + "&limit=2&after=" + first.getString("next")).bodyAsJsonObject();
    assertThat(second.getJsonArray("takes").getJsonObject(0).getString("recordingId")).isEqualTo(ids.get(2).toString());
    String text = first.encode() + second.encode();
    assertThat(text).doesNotContain("@example.test").doesNotContain("fan_key").doesNotContain("fanKey").doesNotContain("email");
    assertThat(page1.getJsonObject(0).getString("verdict")).isEqualTo("clipped");
    assertThat(page1.getJsonObject(0).getJsonObject("analysis").getDouble("loudnessLufs")).isEqualTo(-18.5);
    assertThat(mod.get("/console/api/takes?team=" + team + "&verdict=clipped").bodyAsJsonObject().getJsonArray("takes")).hasSize(1);
    assertThat(mod.get("/console/api/takes?team=" + team + "&country=DE").bodyAsJsonObject().getJsonArray("takes")).hasSize(2);
    assertThat(mod.get("/console/api/takes?team=" + team + "&lang=fr").bodyAsJsonObject().getJsonArray("takes")).hasSize(3);
    assertProblem(mod.get("/console/api/takes?after=nonsense"), 400, "after");
    assertProblem(mod.get("/console/api/takes?verdict=great"), 400, null);
  }

  @Test
  void aTakePlaysFromItsShortLivedSignedUrl() throws Exception {
    String team = ConsoleData.team();
    Buffer fan = ConsoleData.fan(pool, "NL");
    ConsoleData.subscribe(pool, fan, "nl", team, true);
    UUID id = ConsoleData.take(pool, fan, "ok", OffsetDateTime.now());
    Buffer audio = Buffer.buffer(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3});
    Storages.create(vertx, app.config).put("recordings/" + id + ".webm", audio, "audio/webm").await();
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    String url = mod.get("/console/api/takes?team=" + team).bodyAsJsonObject().getJsonArray("takes").getJsonObject(0).getString("playUrl");
    assertThat(url).contains("X-Amz-Expires=900");
    var got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(audio.getBytes());
  }

  @Test
  void decisionsAreRecordedAuditedAndLeaveTheQueue() {
    String team = ConsoleData.team();
    Buffer fan = ConsoleData.fan(pool, "IT");
    ConsoleData.subscribe(pool, fan, "it", team, true);
    UUID a = ConsoleData.take(pool, fan, "ok", OffsetDateTime.now().minusMinutes(2));
    UUID b = ConsoleData.take(pool, fan, "bleed", OffsetDateTime.now().minusMinutes(1));
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    assertProblem(mod.post("/console/api/takes/" + b + "/decision", new JsonObject().put("decision", "reject")), 400, "reason");
    assertProblem(mod.post("/console/api/takes/" + b + "/decision", new JsonObject().put("decision", "maybe")), 400, null);
    assertProblem(mod.post("/console/api/takes/" + UUID.randomUUID() + "/decision", new JsonObject().put("decision", "approve")), 404, null);
    var rejected = mod.post("/console/api/takes/" + b + "/decision", new JsonObject().put("decision", "reject").put("reason", "backing track bleeds"));
    assertThat(rejected.statusCode()).as(rejected.bodyAsString()).isEqualTo(200);
    assertThat(mod.post("/console/api/takes/" + a + "/decision", new JsonObject().put("decision", "approve")).statusCode()).isEqualTo(200);
    assertThat(mod.get("/console/api/takes?team=" + team).bodyAsJsonObject().getJsonArray("takes")).isEmpty();
    JsonArray all = mod.get("/console/api/takes?team=" + team + "&decision=all").bodyAsJsonObject().getJsonArray("takes");
    assertThat(all.getJsonObject(0).getString("decision")).isEqualTo("approved");
    assertThat(all.getJsonObject(1).getString("decision")).isEqualTo("rejected");
    assertThat(all.getJsonObject(1).getString("reason")).isEqualTo("backing track bleeds");
    var row = pool.preparedQuery("SELECT decided_by, decided_at FROM recordings WHERE id = $1").execute(io.vertx.sqlclient.Tuple.of(b)).await()
        .iterator().next();
    assertThat(row.getString(0)).isEqualTo(Members.byEmail(pool, mod.email).await().id().toString());
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    JsonArray audit = admin.get("/console/api/audit?target=" + b).bodyAsJsonObject().getJsonArray("entries");
    assertThat(audit.getJsonObject(0).getString("action")).isEqualTo("take.reject");
    assertThat(audit.getJsonObject(0).getString("actor")).isEqualTo(mod.email);
    assertThat(audit.getJsonObject(0).getJsonObject("details").getString("reason")).isEqualTo("backing track bleeds");
  }

  @Test
  void bulkApprovalTakesOnlyUndecidedOkTakes() {
    String team = ConsoleData.team();
    Buffer fan = ConsoleData.fan(pool, "ES");
    ConsoleData.subscribe(pool, fan, "es", team, true);
    UUID ok1 = ConsoleData.take(pool, fan, "ok", OffsetDateTime.now().minusMinutes(3));
    UUID silent = ConsoleData.take(pool, fan, "silent", OffsetDateTime.now().minusMinutes(2));
    UUID ok2 = ConsoleData.take(pool, fan, "ok", OffsetDateTime.now().minusMinutes(1));
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    mod.post("/console/api/takes/" + ok2 + "/decision", new JsonObject().put("decision", "reject").put("reason", "off key"));
    var bulk = mod.post("/console/api/takes/approve", new JsonObject().put("recordingIds", new JsonArray().add(ok1.toString())
        .add(silent.toString()).add(ok2.toString())));
    assertThat(bulk.statusCode()).as(bulk.bodyAsString()).isEqualTo(200);
    assertThat(bulk.bodyAsJsonObject().getJsonArray("approved")).containsExactly(ok1.toString());
    assertThat(bulk.bodyAsJsonObject().getInteger("skipped")).isEqualTo(2);
    JsonArray left = mod.get("/console/api/takes?team=" + team).bodyAsJsonObject().getJsonArray("takes");
    assertThat(left).hasSize(1);
    assertThat(left.getJsonObject(0).getString("recordingId")).isEqualTo(silent.toString());
  }
}
