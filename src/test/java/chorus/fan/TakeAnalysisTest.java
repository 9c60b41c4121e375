package chorus.fan;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.audio.StoredTakes;
import chorus.audio.TakeFixtures;
import chorus.audio.TakeFixtures.Format;
import chorus.campaign.Campaign;
import chorus.db.Database;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.FanClient;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A completed take through the audio job's work: verdict and figures in GET /api/fan, the FLAC stored and erased. */
class TakeAnalysisTest {
  static Vertx vertx;
  static TestApp app;
  static Pool pool;
  static ObjectStorage storage;
  static TakeAnalysis analysis;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of()));
    pool = Database.pool(vertx, app.config);
    storage = Storages.create(vertx, app.config);
    analysis = new TakeAnalysis(pool, storage, Campaign.load(Path.of("conf", "campaign.json"), Path.of("webroot")), Path.of("webroot"));
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  static String completedTake(FanClient fan, Path file) throws Exception {
    String id = RecordingTest.upload(fan, Files.readAllBytes(file), "audio/webm").getString("recordingId");
    assertThat(fan.post("/api/fan/recordings/" + id + "/complete", new JsonObject()).statusCode()).isEqualTo(200);
    return id;
  }

  static JsonObject take(FanClient fan) {
    return fan.get("/api/fan").bodyAsJsonObject().getJsonArray("recordings").getJsonObject(0);
  }

  @Test
  void sungTakeShowsPendingThenOkWithItsFiguresAndItsFlacIsErasedWithTheFan() throws Exception {
    FanClient fan = new FanClient(app.client);
    String id = completedTake(fan, TakeFixtures.encode("sung", TakeFixtures.sung(20, 7), Format.WEBM));
    assertThat(take(fan).getString("verdict")).isEqualTo("pending");
    assertThat(take(fan).containsKey("analysis")).isFalse();

    analysis.handle(TakeAnalysis.payload(UUID.fromString(id)));

    JsonObject t = take(fan);
    assertThat(t.getString("verdict")).isEqualTo("ok");
    assertThat(t.getJsonObject("analysis").getDouble("lufs")).isBetween(-24.0, -16.0);
    assertThat(t.getJsonObject("analysis").getLong("durationMs")).isEqualTo(20_000L);
    String producer = StoredTakes.producerKey("recordings/" + id + ".webm");
    String stored = pool.preparedQuery("SELECT producer_key FROM recordings WHERE id = $1").execute(Tuple.of(UUID.fromString(id)))
        .await().iterator().next().getString(0);
    assertThat(stored).isEqualTo(producer);
    assertThat(storage.readHead(producer, 4).await().toString()).isEqualTo("fLaC");

    assertThat(fan.delete("/api/fan").statusCode()).isEqualTo(204);
    assertThat(storage.head(producer).await()).isNull();
    assertThat(storage.head("recordings/" + id + ".webm").await()).isNull();
  }

  @Test
  void completingATakeQueuesItsAudioJobAndTheVerdictAppears() throws Exception {
    FanClient fan = new FanClient(app.client);
    Path clipped = TakeFixtures.encode("square", TakeFixtures.square(10), Format.WEBM);
    String id = completedTake(fan, clipped);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
    while (take(fan).getString("verdict").equals("pending") && System.nanoTime() < deadline) Thread.sleep(200);
    assertThat(take(fan).getString("verdict")).isEqualTo("clipped");
    assertThat(take(fan).getJsonObject("analysis").getDouble("clippedShare")).isGreaterThan(0.1);
    var job = pool.preparedQuery("SELECT kind, state FROM jobs WHERE dedupe_key = $1")
        .execute(Tuple.of(TakeAnalysis.dedupeKey(UUID.fromString(id)))).await();
    assertThat(job.size()).isEqualTo(1);
    assertThat(job.iterator().next().getString("kind")).isEqualTo("audio.take");
    // completing again queues nothing more
    assertThat(fan.post("/api/fan/recordings/" + id + "/complete", new JsonObject()).statusCode()).isEqualTo(200);
    assertThat(pool.preparedQuery("SELECT count(*) FROM jobs WHERE dedupe_key = $1")
        .execute(Tuple.of(TakeAnalysis.dedupeKey(UUID.fromString(id)))).await().iterator().next().getLong(0)).isEqualTo(1L);
  }

  @Test
  void silentTakeIsSilentAndHasNoProducerFile() throws Exception {
    FanClient fan = new FanClient(app.client);
    String id = completedTake(fan, TakeFixtures.encode("silence", new float[48_000 * 12], Format.WEBM));
    analysis.analyse(UUID.fromString(id));
    assertThat(take(fan).getString("verdict")).isEqualTo("silent");
    assertThat(take(fan).getJsonObject("analysis").getDouble("voiceSeconds")).isZero();
    assertThat(storage.head(StoredTakes.producerKey("recordings/" + id + ".webm")).await()).isNull();
  }

  @Test
  void takeErasedBeforeItsJobRunsLeavesNothing() throws Exception {
    FanClient fan = new FanClient(app.client);
    String id = completedTake(fan, TakeFixtures.encode("sung", TakeFixtures.sung(20, 7), Format.WEBM));
    assertThat(fan.delete("/api/fan").statusCode()).isEqualTo(204);
    analysis.analyse(UUID.fromString(id));
    assertThat(storage.head(StoredTakes.producerKey("recordings/" + id + ".webm")).await()).isNull();
    long rows = pool.preparedQuery("SELECT count(*) FROM recordings WHERE id = $1").execute(Tuple.of(UUID.fromString(id)))
        .await().iterator().next().getLong(0);
    assertThat(rows).isZero();
  }
}
