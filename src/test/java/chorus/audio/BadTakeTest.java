package chorus.audio;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.audio.TakeFixtures.Format;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Files that are not good takes: each gets a clear verdict and a reason, none an exception or a hang. */
class BadTakeTest {
  static final AudioThresholds LIMITS = AudioThresholds.DEFAULTS;
  static TakeProcessor processor;
  static float[] voice;

  @BeforeAll
  static void setUp() {
    processor = new TakeProcessor(Ffmpeg.bundled(), LIMITS, null);
    voice = TakeFixtures.sung(20, 7);
  }

  @Test
  void pngPosingAsAudioIsUndecodable() {
    Path png = TakeFixtures.DIR.resolve("image.webm");
    TakeFixtures.ffmpeg(List.of("-f", "lavfi", "-i", "color=c=red:s=64x64", "-frames:v", "1", "-f", "image2", "-c:v", "png", png.toString()));
    TakeResult r = run(png);
    assertThat(r.verdict()).isEqualTo(Verdict.UNDECODABLE);
    assertThat(r.figures().getString("reason")).isNotBlank();
    assertThat(r.producerWritten()).isFalse();
  }

  @Test
  void videoWithoutSoundPosingAsAudioIsUndecodable() {
    Path mp4 = TakeFixtures.DIR.resolve("video.m4a");
    TakeFixtures.ffmpeg(List.of("-f", "lavfi", "-i", "testsrc=s=160x120:d=3:r=10", "-c:v", "mpeg4", "-f", "mp4", mp4.toString()));
    TakeResult r = run(mp4);
    assertThat(r.verdict()).isEqualTo(Verdict.UNDECODABLE);
    assertThat(r.figures().getString("container")).startsWith("mov");
    assertThat(r.figures().getString("reason")).containsIgnoringCase("matches no streams");
  }

  @Test
  void mp4CutBeforeItsIndexIsUndecodable() throws IOException {
    Path cut = truncated(TakeFixtures.encode("sung", voice, Format.MP4), 0.5);
    TakeResult r = run(cut);
    assertThat(r.verdict()).isEqualTo(Verdict.UNDECODABLE);
    assertThat(r.figures().getString("reason")).containsIgnoringCase("moov");
  }

  @Test
  void webmCutInsideItsHeaderIsUndecodable() throws IOException {
    Path cut = truncated(TakeFixtures.encode("sung", voice, Format.WEBM), 0.002);
    TakeResult r = run(cut);
    assertThat(r.verdict()).isEqualTo(Verdict.UNDECODABLE);
  }

  @Test
  void wavCutShortIsJudgedOnWhatItHolds() throws IOException {
    Path cut = truncated(TakeFixtures.encode("sung", voice, Format.WAV), 0.1);
    TakeResult r = run(cut);
    assertThat(r.verdict()).isEqualTo(Verdict.TOO_SHORT);
    assertThat(r.figures().getLong("durationMs")).isBetween(1_900L, 2_100L);
  }

  @Test
  void takeShorterThanTheCampaignMinimumIsTooShort() {
    TakeResult r = run(TakeFixtures.encode("short", Arrays.copyOf(voice, 3 * 48_000), Format.WEBM));
    assertThat(r.verdict()).isEqualTo(Verdict.TOO_SHORT);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void tinyFileHoldingHoursStopsAtTheDecodeCap() throws IOException {
    Path bomb = TakeFixtures.DIR.resolve("bomb.flac");
    if (!Files.exists(bomb)) {
      TakeFixtures.ffmpeg(List.of("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "1800", "-c:a", "flac", bomb.toString()));
    }
    assertThat(Files.size(bomb)).isLessThan(1 << 20);
    long start = System.nanoTime();
    TakeResult r = run(bomb);
    assertThat(r.verdict()).isEqualTo(Verdict.UNDECODABLE);
    assertThat(r.figures().getString("reason")).isEqualTo("longer than " + (int) LIMITS.capSeconds() + " s");
    assertThat(r.figures().getLong("claimedDurationMs")).isEqualTo(1_800_000L);
    assertThat(r.figures().getLong("durationMs")).isEqualTo((long) (LIMITS.capSeconds() * 1000));
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
  }

  @Test
  void wavHeaderClaimingTwelveHoursIsJudgedOnItsRealLength() throws IOException {
    Path wav = TakeFixtures.DIR.resolve("liar.wav");
    float[] pcm = Arrays.copyOf(voice, 8 * 48_000);
    ByteBuffer b = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    long claimedBytes = 12L * 3600 * 48_000 * 2;
    b.put("RIFF".getBytes()).putInt((int) Math.min(0xFFFFFFFFL, claimedBytes + 36)).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(48_000).putInt(96_000)
        .putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt((int) Math.min(0xFFFFFFFFL, claimedBytes));
    for (float v : pcm) b.putShort((short) Math.round(v * 32767));
    Files.write(wav, b.array());
    TakeResult r = run(wav);
    assertThat(r.figures().getLong("durationMs")).isEqualTo(8_000L);
    assertThat(r.verdict()).isEqualTo(Verdict.OK);
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void inputThatNeverEndsIsStoppedByTheWallClockCeiling() throws Exception {
    Path fifo = TakeFixtures.DIR.resolve("never.wav");
    Files.deleteIfExists(fifo);
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    AudioThresholds quick = new AudioThresholds(-38, -50, 1, -0.1, 0.001, 0.25, -23, -1, 30, 150, 15, 2, 256, 5, 75);
    TakeResult r = new TakeProcessor(Ffmpeg.bundled(), quick, null).process(fifo, TakeFixtures.DIR.resolve("out-never.flac"));
    assertThat(r.verdict()).isEqualTo(Verdict.UNDECODABLE);
    assertThat(r.figures().getString("reason")).isEqualTo("took longer than 2 s");
  }

  @Test
  void decoderOverItsMemoryCeilingFailsCleanly() {
    AudioThresholds starved = new AudioThresholds(-38, -50, 1, -0.1, 0.001, 0.25, -23, -1, 30, 150, 15, 30, 2, 5, 75);
    TakeResult r = new TakeProcessor(Ffmpeg.bundled(), starved, null)
        .process(TakeFixtures.encode("sung", voice, Format.WEBM), TakeFixtures.DIR.resolve("out-starved.flac"));
    assertThat(r.verdict()).isEqualTo(Verdict.UNDECODABLE);
    assertThat(r.figures().getString("reason")).isNotBlank();
  }

  static TakeResult run(Path in) {
    TakeResult r = processor.process(in, TakeFixtures.DIR.resolve("out-bad.flac"));
    System.out.println(in.getFileName() + " -> " + r.verdict() + " " + r.figures().encode());
    return r;
  }

  static Path truncated(Path file, double share) throws IOException {
    byte[] all = Files.readAllBytes(file);
    String name = file.getFileName().toString();
    Path out = file.resolveSibling("cut-" + share + "-" + name);
    Files.write(out, Arrays.copyOf(all, (int) (all.length * share)));
    return out;
  }
}
