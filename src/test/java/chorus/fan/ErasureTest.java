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
}
