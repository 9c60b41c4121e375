package chorus.fan;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.audio.StoredTakes;
import chorus.audio.TakeFixtures;
import chorus.audio.TakeFixtures.Format;
import chorus.core.Config;
import chorus.db.Database;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.AppProcess;
import chorus.support.FanClient;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real {@code audio.take} job on a worker container (its own JVM) killed with SIGKILL while its ffmpeg is
 * decoding the take: the orphaned decoder goes too, the verdict stays {@code pending}, and once the lease runs out
 * another container analyses the take, on the second attempt, to the same verdict and producer FLAC a calm run gives.
 */
class TakeJobCrashTest {

  @Test
  void aWorkerKilledMidDecodeLeavesTheTakeToAnotherContainerWhichGivesItsVerdict() throws Exception {
    Config config = TestServices.get().config(Map.of("role", "web", "jobs.leaseSeconds", 3, "jobs.pollMillis", 100));
    Vertx vertx = Vertx.vertx();
    Vertx survivorVertx = Vertx.vertx();
    TestApp web = TestApp.start(vertx, config);
    Pool pool = Database.pool(vertx, config);
    Path log = Files.createTempFile("chorus-worker", ".log");
    // one job at a time in the child: while our job runs there, its ffmpeg is our take's decode
    JsonObject workerConfig = config.json().copy().put("role", "worker").put("jobs.workers", 1)
        .put("http.port", TestServices.freePort()).put("metrics.port", TestServices.freePort());
    Process child = AppProcess.start(workerConfig, log, List.of(), Map.of());
    try {
      FanClient fan = new FanClient(web.client);
      Path take = TakeFixtures.encode("crash-sung-70", TakeFixtures.sung(70, 9), Format.WEBM);
      String id = RecordingTest.upload(fan, Files.readAllBytes(take), "audio/webm").getString("recordingId");
      UUID recording = UUID.fromString(id);
      String dedupe = TakeAnalysis.dedupeKey(recording);
      assertThat(fan.post("/api/fan/recordings/" + id + "/complete", new JsonObject()).statusCode()).isEqualTo(200);

      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!"running".equals(state(pool, dedupe))) {
        assertThat(System.nanoTime()).as("the child claims the job; " + Files.readString(log)).isLessThan(end);
        Thread.sleep(20);
      }
      Optional<ProcessHandle> decoder = Optional.empty();
      while (decoder.isEmpty()) {
        assertThat(System.nanoTime()).as("the child starts decoding the take").isLessThan(end);
        decoder = child.descendants().filter(p -> p.info().commandLine().map(c -> c.contains("ffmpeg") && !c.contains("backing")
            && !c.contains("guide")).orElse(false)).findFirst();
      }
      child.destroyForcibly(); // SIGKILL while ffmpeg decodes: no shutdown hook, no release, only the lease is left
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(decoder.get().onExit().get(15, TimeUnit.SECONDS).isAlive()).as("the orphaned decoder ends with its reader").isFalse();

      Row killed = job(pool, dedupe);
      assertThat(killed.getString("state")).as("killed mid-job").isEqualTo("running");
      assertThat(killed.getInteger("attempts")).isEqualTo(1);
      assertThat(verdict(pool, recording)).isEqualTo("pending");

      Config survivorConfig = Config.of(config.json().copy().put("role", "worker").put("http.port", TestServices.freePort())
          .put("metrics.port", TestServices.freePort()));
      TestApp.start(survivorVertx, survivorConfig);
      end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!"done".equals(state(pool, dedupe))) {
        assertThat(System.nanoTime()).as("another container finishes the job after the lease").isLessThan(end);
        Thread.sleep(100);
      }
      Row done = job(pool, dedupe);
      assertThat(done.getInteger("attempts")).as("the killed attempt and the one that finished").isEqualTo(2);
      assertThat(done.getString("lease_owner")).isNotEqualTo(killed.getString("lease_owner"));
      assertThat(verdict(pool, recording)).isEqualTo("ok");
      assertThat(pool.preparedQuery("SELECT count(*) FROM jobs WHERE dedupe_key = $1").execute(Tuple.of(dedupe)).await()
          .iterator().next().getLong(0)).as("one job for the take").isEqualTo(1L);
      JsonObject mine = fan.get("/api/fan").bodyAsJsonObject().getJsonArray("recordings").getJsonObject(0);
      assertThat(mine.getString("verdict")).isEqualTo("ok");
      assertThat(mine.getJsonObject("analysis").getLong("durationMs")).isEqualTo(70_000L);
      ObjectStorage storage = Storages.create(vertx, config);
      assertThat(storage.readHead(StoredTakes.producerKey("recordings/" + id + ".webm"), 4).await().toString()).isEqualTo("fLaC");
    } finally {
      child.destroyForcibly();
      pool.close().await();
      survivorVertx.close().await();
      vertx.close().await();
    }
  }

  static Row job(Pool pool, String dedupe) {
    return pool.preparedQuery("SELECT state, attempts, lease_owner FROM jobs WHERE dedupe_key = $1").execute(Tuple.of(dedupe)).await()
        .iterator().next();
  }

  static String state(Pool pool, String dedupe) {
    var rows = pool.preparedQuery("SELECT state FROM jobs WHERE dedupe_key = $1").execute(Tuple.of(dedupe)).await();
    return rows.size() == 0 ? "" : rows.iterator().next().getString(0);
  }

  static String verdict(Pool pool, UUID id) {
    return pool.preparedQuery("SELECT verdict FROM recordings WHERE id = $1").execute(Tuple.of(id)).await().iterator().next().getString(0);
  }
}
