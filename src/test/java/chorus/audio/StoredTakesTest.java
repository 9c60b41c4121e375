package chorus.audio;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.audio.TakeFixtures.Format;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The processor over object storage: a real S3-compatible server (s3proxy), the FLAC stored beside the original. */
class StoredTakesTest {
  static Vertx vertx;
  static ObjectStorage s3;
  static StoredTakes takes;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    s3 = Storages.create(vertx, TestServices.get().config(Map.of()));
    takes = new StoredTakes(s3, new TakeProcessor(Ffmpeg.bundled(), AudioThresholds.DEFAULTS, null));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void producerFlacIsStoredBesideTheUntouchedOriginal() throws Exception {
    byte[] original = Files.readAllBytes(TakeFixtures.encode("sung", TakeFixtures.sung(20, 7), Format.WEBM));
    String key = "recordings/stored-" + System.nanoTime() + ".webm";
    s3.put(key, Buffer.buffer(original), "audio/webm").await();
    TakeResult r = takes.process(key);
    assertThat(r.verdict()).isEqualTo(Verdict.OK);
    String flac = StoredTakes.producerKey(key);
    assertThat(flac).isEqualTo(key.replace(".webm", ".producer.flac"));
    assertThat(s3.head(flac).await().contentType()).isEqualTo("audio/flac");
    assertThat(s3.readHead(flac, 4).await().toString()).isEqualTo("fLaC");
    assertThat(s3.get(key).await().getBytes()).isEqualTo(original);
  }

  @Test
  void undecodableTakeStoresNoProducerFile() {
    String key = "recordings/junk-" + System.nanoTime() + ".webm";
    s3.put(key, Buffer.buffer("not audio at all, just text"), "audio/webm").await();
    TakeResult r = takes.process(key);
    assertThat(r.verdict()).isEqualTo(Verdict.UNDECODABLE);
    assertThat(s3.head(StoredTakes.producerKey(key)).await()).isNull();
  }
}
