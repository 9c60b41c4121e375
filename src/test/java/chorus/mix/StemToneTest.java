package chorus.mix;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.audio.FlacInfo;
import chorus.storage.LocalDiskStorage;
import chorus.storage.UploadSigner;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine end to end on generated takes: tones at known offsets through a multi-level plan (leaves of 3,
 * merges of 2) into a stem. Every tone is heard where its take sits and nowhere else, the stem has the song's
 * exact length, the loudness target or the peak ceiling holds, and a second run gives the same bytes.
 */
class StemToneTest {
  static final int SONG = 12 * TakeAudio.RATE; // 12 s
  static final double[] HZ = {310, 470, 630, 790, 950, 1110, 1270, 1430};
  static Vertx vertx;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  record Placed(MixInput input, double hz, int from, int to) {}

  static List<Placed> takes(LocalDiskStorage storage) throws Exception {
    List<Placed> out = new ArrayList<>();
    for (int i = 0; i < HZ.length; i++) {
      double seconds = 2.0 + 0.25 * i;
      int offsetMs = 500 + 1200 * i - (i == 0 ? 900 : 0); // the first starts before the song: its head is cut
      int trim = 480 * i; // the producer file starts 10 ms x i after the original take
      float[] x = TakeAudio.tone(HZ[i], seconds, 0.05 + 0.04 * i); // different levels: matched by the mix
      Path f = dir.resolve("take" + i + ".flac");
      TakeAudio.writeFlac(x, f);
      String key = "takes/t" + i + ".flac";
      storage.put(key, Buffer.buffer(Files.readAllBytes(f)), "audio/flac").await();
      MixTake t = MixTake.of(new UUID(0x5eed, i), offsetMs, trim);
      out.add(new Placed(new MixInput(t, key), HZ[i], (int) t.startSample(), (int) t.startSample() + x.length));
    }
    return out;
  }

  static byte[] runPlan(LocalDiskStorage storage, String mixId, List<MixInput> inputs, MixPlan plan) throws Exception {
    MixNodes nodes = new MixNodes(storage, dir.resolve("scratch"), 60);
    for (MixPlan.Node n : plan.nodes(0)) nodes.leaf(mixId, plan, n, inputs.subList(n.from(), n.to()), SONG);
    for (int level = 1; level < plan.rootLevel(); level++) {
      for (MixPlan.Node n : plan.nodes(level)) nodes.merge(mixId, n, SONG);
    }
    nodes.root(mixId, plan.root(), SONG, "everybody");
    return storage.get(MixNodes.stemKey(mixId, "everybody", "wav")).await().getBytes();
  }

  @Test
  void everyToneIsHeardAtItsOffsetAndTheStemIsDeterministic() throws Exception {
    LocalDiskStorage storage = new LocalDiskStorage(vertx, dir.resolve("objects"), new UploadSigner("x".repeat(32)), "http://127.0.0.1");
    List<Placed> placed = takes(storage);
    List<MixInput> inputs = placed.stream().map(Placed::input).toList();
    MixPlan plan = MixPlan.of(inputs.size(), 3, 2);
    assertThat(plan.widths()).containsExactly(3, 2, 1); // 3 leaves, 2 merges, the root

    byte[] wav = runPlan(storage, "m1", inputs, plan);
    assertThat(wav.length).isEqualTo(44 + SONG * 6);
    ByteBuffer h = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(h.getShort(22)).isEqualTo((short) 2);
    assertThat(h.getInt(24)).isEqualTo(48_000);
    assertThat(h.getShort(34)).isEqualTo((short) 24);
    Submix stem = readWav24(wav);

    float[] left = TakeAudio.channel(stem, 0), right = TakeAudio.channel(stem, 1);
    int win = 2400; // 50 ms windows
    for (Placed p : placed) {
      for (int at = 0; at + win <= SONG; at += win) {
        double power = TakeAudio.goertzel(left, at, win, p.hz()) + TakeAudio.goertzel(right, at, win, p.hz());
        boolean inside = at >= p.from() + 480 && at + win <= p.to() - 480;
        boolean outside = at + win <= p.from() || at >= p.to();
        if (inside) assertThat(power).as("%s Hz at %d", p.hz(), at).isGreaterThan(1e-4);
        if (outside) assertThat(power).as("%s Hz silent at %d", p.hz(), at).isLessThan(1e-7);
      }
    }
    // Level-matched: while two takes overlap, their tones are equally loud (within 1 dB) whatever their input levels.
    Placed a = placed.get(2), b = placed.get(3);
    int at = b.from() + 2400;
    double pa = TakeAudio.goertzel(left, at, win, a.hz()) + TakeAudio.goertzel(right, at, win, a.hz());
    double pb = TakeAudio.goertzel(left, at, win, b.hz()) + TakeAudio.goertzel(right, at, win, b.hz());
    assertThat(Math.abs(10 * Math.log10(pa / pb))).isLessThan(1.0);

    double lufs = Loudness.integrated(stem.lr, stem.frames());
    double peakDb = 20 * Math.log10(Loudness.truePeak(stem.lr, stem.frames()));
    assertThat(peakDb).isLessThanOrEqualTo(Mastering.CEILING_DBTP + 0.05);
    assertThat(lufs <= Mastering.TARGET_LUFS + 0.1).isTrue();
    assertThat(Math.abs(lufs - Mastering.TARGET_LUFS) < 0.2 || peakDb > Mastering.CEILING_DBTP - 0.1).isTrue();

    byte[] flac = storage.get(MixNodes.stemKey("m1", "everybody", "flac")).await().getBytes();
    FlacInfo info = FlacInfo.parse(flac);
    assertThat(info).isEqualTo(new FlacInfo(48_000, 2, 24, SONG));

    byte[] again = runPlan(storage, "m2", inputs, plan);
    assertThat(again).isEqualTo(wav);
    assertThat(storage.get(MixNodes.stemKey("m2", "everybody", "flac")).await().getBytes()).isEqualTo(flac);
  }

  static Submix readWav24(byte[] wav) {
    int frames = (wav.length - 44) / 6;
    Submix s = new Submix(frames);
    for (int i = 0; i < frames * 2; i++) {
      int o = 44 + 3 * i;
      int v = (wav[o] & 0xff) | (wav[o + 1] & 0xff) << 8 | wav[o + 2] << 16;
      s.lr[i] = v / 8388608f;
    }
    return s;
  }
}
