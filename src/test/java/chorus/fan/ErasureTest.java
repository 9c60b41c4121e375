package chorus.fan;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.FanClient;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ErasureTest {
  static Vertx vertx;
  static TestApp app;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of()));
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  @Test
  void fanDataShowsWhatIsHeld() throws Exception {
    FanClient fan = new FanClient(app.client);
    assertThat(fan.get("/api/fan").bodyAsJsonObject().getValue("subscription")).isNull();
    String email = "held-" + UUID.randomUUID() + "@example.com";
    fan.post("/api/fan/subscription", FanClient.subscription(email, "محمد صلاح"));
    RecordingTest.upload(fan, RecordingTest.webm(2000), "audio/webm");
    JsonObject data = fan.get("/api/fan").bodyAsJsonObject();
    assertThat(data.getJsonObject("subscription").getString("email")).isEqualTo(email);
    assertThat(data.getJsonObject("subscription").getString("name")).isEqualTo("محمد صلاح");
    assertThat(data.getJsonArray("recordings")).hasSize(1);
  }

  @Test
  void erasureRemovesRowsObjectsAndPendingMailAndKillsTheFanId() throws Exception {
    FanClient fan = new FanClient(app.client);
    String email = "erase-" + UUID.randomUUID() + "@example.com";
    assertThat(fan.post("/api/fan/subscription", FanClient.subscription(email, "Eraser")).statusCode()).isEqualTo(201);
    String id = RecordingTest.upload(fan, RecordingTest.webm(3000), "audio/webm").getString("recordingId");
    fan.post("/api/fan/recordings/" + id + "/complete", new JsonObject());
    ObjectStorage storage = Storages.create(vertx, app.config);
    assertThat(storage.head("recordings/" + id + ".webm").await()).isNotNull();

    assertThat(fan.delete("/api/fan").statusCode()).isEqualTo(204);

    assertThat(storage.head("recordings/" + id + ".webm").await()).isNull();
    Pool pool = chorus.db.Database.pool(vertx, app.config);
    for (String table : new String[] {"subscriptions", "mail_outbox", "contest_entries"}) {
      long n = pool.preparedQuery("SELECT count(*) FROM " + table + " WHERE email = $1").execute(Tuple.of(email)).await().iterator().next().getLong(0);
      assertThat(n).as(table).isZero();
    }
    assertProblem(fan.get("/api/fan"), 410, null);
    assertProblem(fan.post("/api/fan/subscription", FanClient.subscription(email, "Again")), 410, null);
    assertThat(fan.delete("/api/fan").statusCode()).isEqualTo(204);
    assertThat(new FanClient(app.client).post("/api/fan/subscription", FanClient.subscription(email, "New me")).statusCode()).isEqualTo(201);
  }

  @Test
  void erasureIsWrittenToTheAuditLogWithCounts() throws Exception {
    FanClient fan = new FanClient(app.client);
    assertThat(fan.post("/api/fan/subscription", FanClient.subscription("audit-" + UUID.randomUUID() + "@example.com", "Audited")).statusCode())
        .isEqualTo(201);
    RecordingTest.upload(fan, RecordingTest.webm(2000), "audio/webm");
    assertThat(fan.delete("/api/fan").statusCode()).isEqualTo(204);

    String target = "fan:" + FanDataHandlers.pseudonym(io.vertx.core.buffer.Buffer.buffer(chorus.core.FanToken.fanKey(chorus.core.FanToken.parse("Bearer " + fan.token))));
    Pool pool = chorus.db.Database.pool(vertx, app.config);
    var rows = pool.preparedQuery("SELECT actor, details FROM console_audit WHERE action = $1 AND target = $2")
        .execute(Tuple.of(FanDataHandlers.ERASURE, target)).await();
    assertThat(rows.size()).isEqualTo(1);
    JsonObject details = rows.iterator().next().getJsonObject("details");
    assertThat(rows.iterator().next().getString("actor")).isEqualTo("fan");
    assertThat(details.getInteger("subscriptions")).isEqualTo(1);
    assertThat(details.getInteger("takes")).isEqualTo(1);
    assertThat(details.getInteger("objects")).isGreaterThanOrEqualTo(1);
    assertThat(target).doesNotContain(fan.token);
  }

  @Test
  void exportIsAZipOfTheFansDataAndTakes() throws Exception {
    FanClient fan = new FanClient(app.client);
    String email = "export-" + UUID.randomUUID() + "@example.com";
    assertThat(fan.post("/api/fan/subscription", FanClient.subscription(email, "Exporter")).statusCode()).isEqualTo(201);
    byte[] audio = RecordingTest.webm(3000);
    String id = RecordingTest.upload(fan, audio, "audio/webm").getString("recordingId");
    assertThat(fan.post("/api/fan/recordings/" + id + "/complete", new JsonObject()).statusCode()).isLessThan(300);

    var response = fan.get("/api/fan/export");
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/zip");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
    try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(response.body().getBytes()))) {
      for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) entries.put(e.getName(), zip.readAllBytes());
    }
    assertThat(entries.keySet()).containsExactly("data.json", "takes/" + id + ".webm");
    JsonObject data = new JsonObject(new String(entries.get("data.json"), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(data.getJsonObject("subscription").getString("email")).isEqualTo(email);
    assertThat(data.getJsonArray("recordings").getJsonObject(0).getString("recordingId")).isEqualTo(id);
    assertThat(entries.get("takes/" + id + ".webm")).isEqualTo(audio);
  }

  @Test
  void exportNeedsTheBearerAndIsGoneAfterErasure() throws Exception {
    assertThat(app.client.get("/api/fan/export").send().await().statusCode()).isEqualTo(401);
    FanClient fan = new FanClient(app.client);
    assertThat(fan.post("/api/fan/subscription", FanClient.subscription("gone-" + UUID.randomUUID() + "@example.com", "Gone")).statusCode())
        .isEqualTo(201);
    assertThat(fan.delete("/api/fan").statusCode()).isEqualTo(204);
    assertProblem(fan.get("/api/fan/export"), 410, null);
  }
}
