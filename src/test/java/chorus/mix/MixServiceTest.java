package chorus.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.audio.Decoder;
import chorus.core.Config;
import chorus.core.Failure;
import chorus.db.Database;
import chorus.mail.MailTestSupport;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Mixes from the database (real PostgreSQL, S3 through s3proxy): the stem holds every approved take's tone at
 * its offset and none of the rejected ones, a group's stem only its fans, progress counts every job of the
 * tree, and erasing a fan afterwards (the last test) marks the mix and leaves the fan out of the next one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MixServiceTest {
  static final int SONG = 10 * Decoder.RATE;
  static Vertx vertx;
  static Pool pool;
  static ObjectStorage storage;
  @TempDir static Path dir;

  record Fan(byte[] key, UUID take, double hz, int offsetMs, String team, boolean approved) {}

  static final List<Fan> FANS = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Config config = TestServices.get().config(Map.of());
    MailTestSupport.migrate(vertx, config);
    pool = Database.pool(vertx, config);
    storage = Storages.create(vertx, config);
    // The test JVM shares one database: takes other classes approved would join the 'everybody' stem.
    pool.query("UPDATE recordings SET decision = 'rejected' WHERE decision = 'approved'").execute().await();
    double[] hz = {410, 530, 650, 770, 890, 1010};
    for (int i = 0; i < hz.length; i++) {
      boolean approved = i % 3 != 2; // fans 2 and 5 rejected
      Fan f = new Fan(UUID.randomUUID().toString().getBytes(), UUID.randomUUID(), hz[i], 700 + 1300 * i, i < 3 ? "aurora" : "boreal", approved);
      FANS.add(f);
      Path flac = dir.resolve(i + ".flac");
      TakeAudio.writeFlac(TakeAudio.tone(f.hz(), 2.5, 0.1), flac);
      String key = "mixtest/" + f.take() + ".flac";
      storage.put(key, Buffer.buffer(Files.readAllBytes(flac)), "audio/flac").await(30, TimeUnit.SECONDS);
      Buffer fan = Buffer.buffer(f.key());
      pool.preparedQuery("INSERT INTO fans (fan_key) VALUES ($1)").execute(Tuple.of(fan)).await();
      pool.preparedQuery("INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter) VALUES ($1, $2, $3, $4, 'en', false)")
          .execute(Tuple.of(fan, "fan" + i + "-" + f.take() + "@example.com", "Fan " + i, f.team())).await();
      pool.preparedQuery("INSERT INTO recordings (id, fan_key, object_key, content_type, bytes, duration_ms, status, producer_key,"
              + " offset_ms, analysis, decision, decided_at) VALUES ($1, $2, $3, 'audio/webm', 1000, 2600, 'complete', $4, $5, $6, $7, now())")
          .execute(Tuple.of(f.take(), fan, "rec/" + f.take(), key, f.offsetMs() - 100, new JsonObject().put("trimStartSamples", 4800),
              approved ? "approved" : "rejected")).await();
    }
  }

  @AfterAll
  static void stop() {
    pool.close();
    vertx.close().await();
  }

  static MixService service(ListQueue q) {
    return new MixService(pool, storage, q, SONG, 2, 2);
  }

  static MixStore.Mix run(ListQueue q, UUID id) throws Exception {
    MixWorker worker = new MixWorker(pool, storage, service(q), q, dir.resolve("scratch"), 60);
    int ran = q.drain(worker);
    MixStore.Mix m = MixStore.find(pool, id).await();
    assertThat(ran).isEqualTo(m.jobsTotal());
    return m;
  }

  static float[][] stem(UUID id, String name) throws Exception {
    byte[] wav = storage.get(MixNodes.stemKey(id.toString(), name, "wav")).await().getBytes();
    Submix s = StemToneTest.readWav24(wav);
    return new float[][] {TakeAudio.channel(s, 0), TakeAudio.channel(s, 1)};
  }

  static double power(float[][] lr, int at, double hz) {
    return TakeAudio.goertzel(lr[0], at, 2400, hz) + TakeAudio.goertzel(lr[1], at, 2400, hz);
  }

  /**
   * Fan f's tone: heard in the middle of its take (at the browser offset + trim) when {@code heard}; outside its
   * take (or anywhere, when not heard) at least 40 dB below the level a take has in this stem.
   */
  static void assertTone(float[][] lr, Fan f, boolean heard, double takeLevel) {
    int start = (f.offsetMs() - 100) * 48 + 4800;
    if (heard) assertThat(power(lr, start + 48_000, f.hz())).as("%s Hz", f.hz()).isGreaterThan(takeLevel / 2);
    for (int at = 0; at + 2400 <= SONG; at += 2400) {
      boolean outside = at + 2400 <= start || at >= start + 120_000;
      if (!heard || outside) assertThat(power(lr, at, f.hz())).as("%s Hz silent at %d", f.hz(), at).isLessThan(takeLevel * 1e-4);
    }
  }

  /** The mean power of the heard takes' tones in the middle of their takes. */
  static double takeLevel(float[][] lr, List<Fan> heard) {
    return heard.stream().mapToDouble(f -> power(lr, (f.offsetMs() - 100) * 48 + 4800 + 48_000, f.hz())).average().orElseThrow();
  }

  @Test
  @Order(1)
  void theStemHoldsEveryApprovedTakeAtItsOffsetAndNoRejectedOne() throws Exception {
    ListQueue q = new ListQueue();
    UUID id = service(q).start(null, "tester").await();
    assertThat(q.jobs).extracting(ListQueue.Entry::kind).containsOnly(MixService.LEAF).hasSize(2); // 4 takes in leaves of 2
    MixStore.Mix m = run(q, id);
    assertThat(m.state()).isEqualTo("done");
    assertThat(m.takeCount()).isEqualTo(4);
    assertThat(m.jobsDone()).isEqualTo(m.jobsTotal()).isEqualTo(3);
    float[][] lr = stem(id, MixService.EVERYBODY);
    assertThat(lr[0]).hasSize(SONG);
    double level = takeLevel(lr, FANS.stream().filter(Fan::approved).toList());
    assertThat(level).isGreaterThan(1e-3);
    for (Fan f : FANS) assertTone(lr, f, f.approved(), level);

    JsonObject status = service(q).status(id).await();
    assertThat(status.getString("state")).isEqualTo("done");
    assertThat(status.getInteger("done")).isEqualTo(3);
    assertThat(status.getJsonArray("stems").stream().map(o -> ((JsonObject) o).getString("format"))).containsExactly("wav", "flac");
    assertThat(status.getJsonArray("stems").getJsonObject(0).getString("url")).startsWith("http");
    assertThat(storage.head(MixNodes.submixKey(id.toString(), 0, 0)).await()).as("submixes deleted after the root").isNull();
  }

  @Test
  @Order(1)
  void aGroupStemHoldsOnlyItsFans() throws Exception {
    ListQueue q = new ListQueue();
    service(q).defineGroup("aurora-chorus", "aurora", null, null).await();
    UUID id = service(q).start("aurora-chorus", "tester").await();
    MixStore.Mix m = run(q, id);
    assertThat(m.takeCount()).isEqualTo(2);
    float[][] lr = stem(id, "aurora-chorus");
    List<Fan> heard = FANS.stream().filter(f -> f.approved() && f.team().equals("aurora")).toList();
    double level = takeLevel(lr, heard);
    for (Fan f : FANS) assertTone(lr, f, heard.contains(f), level);
  }

  @Test
  @Order(2)
  void erasingAFanMarksTheMixAndTheNextOneLeavesThemOut() throws Exception {
    ListQueue q = new ListQueue();
    service(q).defineGroup("boreal", "boreal", null, null).await();
    UUID first = service(q).start("boreal", "tester").await();
    assertThat(run(q, first).takeCount()).isEqualTo(2);
    Fan erased = FANS.get(3);
    pool.preparedQuery("DELETE FROM recordings WHERE id = $1").execute(Tuple.of(erased.take())).await();
    assertThat(MixStore.find(pool, first).await().containsErased()).isTrue();
    UUID second = service(q).start("boreal", "tester").await();
    assertThat(run(q, second).takeCount()).isEqualTo(1);
    assertThat(MixStore.find(pool, second).await().containsErased()).isFalse();
    float[][] lr = stem(second, "boreal");
    double level = takeLevel(lr, List.of(FANS.get(4)));
    assertTone(lr, erased, false, level);
    assertTone(lr, FANS.get(4), true, level);
  }

  @Test
  void anUnknownGroupIsRefused() {
    assertThatThrownBy(() -> service(new ListQueue()).start("nowhere", "tester").await())
        .isInstanceOf(Failure.class).hasMessageContaining("nowhere");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void aTakeWhoseFileIsGoneIsLeftOutAndCountedAndTheMixStillFinishes() throws Exception {
    ListQueue q = new ListQueue();
    service(q).defineGroup("aurora-gone", "aurora", null, null).await();
    Fan kept = FANS.get(0);
    Fan gone = FANS.get(1);
    storage.delete("mixtest/" + gone.take() + ".flac").await();
    UUID id = service(q).start("aurora-gone", "tester").await();
    MixStore.Mix m = run(q, id);
    assertThat(m.state()).isEqualTo("done");
    assertThat(m.takeCount()).isEqualTo(2);
    assertThat(m.missingTakes()).isEqualTo(1);
    assertThat(pool.preparedQuery("SELECT recording_id FROM mix_takes WHERE mix_id = $1 AND missing").execute(Tuple.of(id)).await()
        .iterator().next().getUUID(0)).isEqualTo(gone.take());
    assertThat(service(q).status(id).await().getInteger("missingTakes")).isEqualTo(1);
    float[][] lr = stem(id, "aurora-gone");
    double level = takeLevel(lr, List.of(kept));
    assertTone(lr, kept, true, level);
    assertTone(lr, gone, false, level);
  }
}
