package chorus.mix;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.audio.Decoder;
import chorus.core.Config;
import chorus.db.Database;
import chorus.mail.MailTestSupport;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-take jobs on the database: approval aligns a take recorded with a latency the browser missed to
 * within 10 ms of the guide vocal, marks a take that matches nothing for a person (mixed at the browser's
 * offset until a nudge), renders a 15 s AAC preview with the voice in it, and rejection removes the preview.
 */
class TakeJobsTest {
  static Vertx vertx;
  static Pool pool;
  static ObjectStorage storage;
  static TakeJobs jobs;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Config config = TestServices.get().config(Map.of());
    MailTestSupport.migrate(vertx, config);
    pool = Database.pool(vertx, config);
    storage = Storages.create(vertx, config);
    References refs = new References(Path.of("webroot/campaign/audio/backing.mp3"), Path.of("webroot/campaign/audio/guide.mp3"));
    jobs = new TakeJobs(pool, storage, refs, dir.resolve("scratch"), 60);
    AlignerTest.decode();
  }

  @AfterAll
  static void stop() {
    pool.close();
    vertx.close().await();
  }

  static UUID insertTake(float[] original, int trim, int browserMs, String decision) throws Exception {
    UUID id = UUID.randomUUID();
    Path flac = dir.resolve(id + ".flac");
    TakeAudio.writeFlac(java.util.Arrays.copyOfRange(original, trim, original.length), flac);
    String key = "takejobs/" + id + ".flac";
    storage.put(key, Buffer.buffer(Files.readAllBytes(flac)), "audio/flac").await(30, TimeUnit.SECONDS);
    Buffer fan = Buffer.buffer(id.toString().getBytes());
    pool.preparedQuery("INSERT INTO fans (fan_key) VALUES ($1)").execute(Tuple.of(fan)).await();
    pool.preparedQuery("INSERT INTO recordings (id, fan_key, object_key, content_type, bytes, duration_ms, status, producer_key,"
            + " offset_ms, analysis, decision, decided_at) VALUES ($1, $2, $3, 'audio/webm', 1000, 20000, 'complete', $4, $5, $6, $7, now())")
        .execute(Tuple.of(id, fan, "rec/" + id, key, browserMs, new JsonObject().put("trimStartSamples", trim), decision)).await();
    return id;
  }

  static Row row(UUID id) {
    return pool.preparedQuery("SELECT * FROM recordings WHERE id = $1").execute(Tuple.of(id)).await().iterator().next();
  }

  @Test
  void anApprovedTakeIsAlignedToTheGuideAndGetsAPreviewWithItsVoice() throws Exception {
    int startMs = 24_000, latency = 210, trim = 9_600;
    UUID id = insertTake(AlignerTest.take(startMs, latency, 20, 0, 11), trim, startMs, "approved");
    jobs.align(id);
    Row r = row(id);
    assertThat(r.getString("align_method")).isEqualTo("guide");
    assertThat(r.getInteger("aligned_offset_ms")).isCloseTo(startMs - latency, Offset.offset(10));
    assertThat(r.getBoolean("needs_review")).isFalse();
    assertThat(r.getFloat("align_confidence")).isGreaterThan((float) Aligner.THRESHOLD);

    String key = jobs.preview(id);
    assertThat(key).isEqualTo(TakeJobs.previewKey(id)).isEqualTo(row(id).getString("preview_key"));
    byte[] m4a = storage.get(key).await().getBytes();
    assertThat(new String(m4a, 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftyp");
    assertThat(m4a.length).isLessThan(300_000); // 15 s at 96 kb/s
    Path file = dir.resolve("preview.m4a");
    Files.write(file, m4a);
    float[] pcm = Decoder.bundled().decodeWhole(file, 60);
    assertThat(pcm.length).isCloseTo(TakeJobs.PREVIEW_SECONDS * 48_000, Offset.offset(4_800));

    pool.preparedQuery("UPDATE recordings SET decision = 'rejected' WHERE id = $1").execute(Tuple.of(id)).await();
    assertThat(jobs.preview(id)).isNull();
    assertThat(storage.head(key).await()).isNull();
    assertThat(row(id).getString("preview_key")).isNull();
  }

  @Test
  void aPreviewCarriesTheVoiceOverTheTrack() throws Exception {
    float[] tone = TakeAudio.tone(1234, 20, 0.2);
    UUID id = insertTake(tone, 0, 30_000, "approved");
    Path file = dir.resolve("tone.m4a");
    Files.write(file, storage.get(jobs.preview(id)).await().getBytes());
    float[] pcm = Decoder.bundled().decodeWhole(file, 60);
    double voice = TakeAudio.goertzel(pcm, 48_000 * 5, 4800, 1234);
    // The track alone at the same time (a rejected take gets no preview, so measure the backing track itself).
    double track = TakeAudio.goertzel(AlignerTest.backing, 48_000 * 35, 4800, 1234);
    assertThat(voice).isGreaterThan(100 * track);
  }

  @Test
  void aTakeThatMatchesNothingIsMarkedForAPersonAndKeepsTheBrowserOffset() throws Exception {
    java.util.Random rnd = new java.util.Random(9);
    float[] noise = new float[15 * 48_000];
    for (int b = 0; b < 30; b++) {
      int at = rnd.nextInt(noise.length - 12_000);
      for (int i = 0; i < 12_000; i++) noise[at + i] += (float) (0.2 * rnd.nextGaussian());
    }
    UUID id = insertTake(noise, 0, 12_000, "approved");
    jobs.align(id);
    Row r = row(id);
    assertThat(r.getBoolean("needs_review")).isTrue();
    Row placed = pool.preparedQuery("SELECT start_sample FROM (" + MixStore.POSITIONS + ") t WHERE id = $1")
        .execute(Tuple.of(id, java.time.OffsetDateTime.now().plusMinutes(1), null, null, null)).await().iterator().next();
    assertThat(placed.getLong(0)).as("mixed at the browser's offset until a person looks").isEqualTo(12_000 * 48L);

    MixService service = new MixService(pool, storage, new ListQueue(), 48_000 * 60, 200, 16);
    assertThat(service.nudge(id, 35).await()).isEqualTo(12_035);
    assertThat(row(id).getBoolean("needs_review")).isFalse();
    assertThat(row(id).getString("align_method")).isEqualTo("nudge");
    jobs.align(id); // a later alignment run does not undo a person's nudge
    assertThat(row(id).getInteger("aligned_offset_ms")).isEqualTo(12_035);
  }
}
