package chorus.mix;

import static chorus.support.Sql.count;
import static chorus.support.Sql.eventually;
import static chorus.support.Sql.sql;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.audio.Decoder;
import chorus.core.Config;
import chorus.db.Database;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.Sql;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mix across containers on the shared queue (real PostgreSQL, s3proxy, a second JVM as the other
 * container): two instances share the work of one mix, and a mix whose worker is killed (kill -9) mid-job is
 * finished by the other instance with the same stem bytes as the uninterrupted mix.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MixDistributedTest {
  static final int SONG = 12 * Decoder.RATE, TAKES = 12;
  static Vertx vertx;
  static Pool pool;
  static ObjectStorage storage;
  static JsonObject settings;
  static MixService service;
  static byte[] referenceWav, referenceFlac;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Config config = TestServices.get().config(Map.of());
    Sql.migrate(vertx, config);
    settings = MixWorkerProcess.settings(config.json());
    pool = Database.pool(vertx, config);
    storage = Storages.create(vertx, config);
    service = new MixService(pool, storage, MixJobs.queue(vertx), SONG, 2, 3); // 6 leaves, 2 merges, a root
    service.defineGroup("distributed", "distributed", null, null).await();
    for (int i = 0; i < TAKES; i++) {
      UUID id = UUID.randomUUID();
      Path flac = dir.resolve(i + ".flac");
      TakeAudio.writeFlac(TakeAudio.tone(300 + 70 * i, 8, 0.1), flac);
      String key = "mixdist/" + id + ".flac";
      storage.put(key, Buffer.buffer(Files.readAllBytes(flac)), "audio/flac").await(30, TimeUnit.SECONDS);
      Buffer fan = Buffer.buffer(id.toString().getBytes());
      pool.preparedQuery("INSERT INTO fans (fan_key) VALUES ($1)").execute(Tuple.of(fan)).await();
      pool.preparedQuery("INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter) VALUES ($1, $2, 'Fan', 'distributed', 'en', false)")
          .execute(Tuple.of(fan, id + "@example.com")).await();
      pool.preparedQuery("INSERT INTO recordings (id, fan_key, object_key, content_type, bytes, duration_ms, status, producer_key,"
              + " offset_ms, decision, decided_at) VALUES ($1, $2, $3, 'audio/webm', 1000, 8000, 'complete', $4, $5, 'approved', now())")
          .execute(Tuple.of(id, fan, "rec/" + id, key, 250 * i)).await();
    }
  }

  @AfterAll
  static void stop() {
    pool.close();
    vertx.close().await();
  }

  static Process child(Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MixWorkerProcess.class.getName(), settings.encode())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(eventually(60, () -> {
      try {
        return Files.readString(log).contains("mix worker ready");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    })).as("child worker started").isTrue();
    return p;
  }

  static String state(UUID mix) {
    return sql(pool, "SELECT state FROM mixes WHERE id = $1", mix).iterator().next().getString(0);
  }

  static byte[] stem(UUID mix, String ext) {
    return storage.get(MixNodes.stemKey(mix.toString(), "distributed", ext)).await().getBytes();
  }

  @Test
  @Order(1)
  void twoInstancesShareTheWorkOfOneMix() throws Exception {
    Path log = Files.createTempFile("mix-worker", ".log");
    Process other = child(log);
    try {
      String mine = MixWorkerProcess.start(vertx, settings, SONG);
      UUID mix = service.start("distributed", "tester").await();
      assertThat(eventually(120, () -> "done".equals(state(mix)))).as(Files.readString(log)).isTrue();
      vertx.undeploy(mine).await();
      assertThat(count(pool, "SELECT count(*) FROM mix_jobs WHERE mix_id = $1 AND done_at IS NOT NULL", mix)).isEqualTo(9);
      assertThat(count(pool, "SELECT count(DISTINCT done_by) FROM mix_jobs WHERE mix_id = $1", mix)).as("jobs done by both").isEqualTo(2);
      referenceWav = stem(mix, "wav");
      referenceFlac = stem(mix, "flac");
      assertThat(referenceWav).hasSize(44 + SONG * 6);
    } finally {
      other.destroyForcibly().waitFor();
    }
  }

  @Test
  @Order(2)
  void aMixWhoseWorkerIsKilledMidJobEndsWithTheSameBytes() throws Exception {
    assertThat(referenceWav).as("the uninterrupted mix ran first").isNotNull();
    Path log = Files.createTempFile("mix-worker", ".log");
    Process doomed = child(log);
    String mine = null;
    try {
      UUID mix = service.start("distributed", "tester").await();
      // Kill the only worker while it holds a mix job, after it finished at least one.
      String running = "SELECT count(*) FROM jobs WHERE payload->>'mixId' = $1 AND state = 'running'";
      assertThat(eventually(60, () -> count(pool, "SELECT count(*) FROM mix_jobs WHERE mix_id = $1 AND done_at IS NOT NULL", mix) >= 1
          && count(pool, running, mix.toString()) == 1)).as(Files.readString(log)).isTrue();
      doomed.destroyForcibly();
      assertThat(doomed.waitFor(10, TimeUnit.SECONDS)).isTrue();
      long doneAtKill = count(pool, "SELECT count(*) FROM mix_jobs WHERE mix_id = $1 AND done_at IS NOT NULL", mix);
      assertThat(doneAtKill).isLessThan(9);
      assertThat(state(mix)).isNotEqualTo("done");

      mine = MixWorkerProcess.start(vertx, settings, SONG); // the surviving container
      assertThat(eventually(120, () -> "done".equals(state(mix)))).isTrue();
      assertThat(count(pool, "SELECT max(attempts) FROM jobs WHERE payload->>'mixId' = $1", mix.toString()))
          .as("the killed job ran again").isEqualTo(2);
      assertThat(count(pool, "SELECT jobs_done FROM mixes WHERE id = $1", mix)).as("each job counted once").isEqualTo(9);
      assertThat(stem(mix, "wav")).isEqualTo(referenceWav);
      assertThat(stem(mix, "flac")).isEqualTo(referenceFlac);
    } finally {
      doomed.destroyForcibly();
      if (mine != null) vertx.undeploy(mine).await();
    }
  }
}
