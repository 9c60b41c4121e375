package chorus.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import chorus.audio.TakeFixtures.Format;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TakeProcessorTest {
  static final AudioThresholds LIMITS = AudioThresholds.fromJson(
      new JsonObject(readCampaign()).getJsonObject("audio"), 5, 75);
  static final int BLEED_OFFSET_MS = 3217;
  static TakeProcessor processor;
  static float[] voice;

  @BeforeAll
  static void setUp() {
    processor = new TakeProcessor(Ffmpeg.bundled(), LIMITS, BackingTrack.load(Ffmpeg.bundled(), TakeFixtures.BACKING, LIMITS));
    voice = TakeFixtures.sung(20, 7);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void sungTakeIsOkAndItsFlacMeetsTheLoudnessTarget(Format format) throws IOException {
    Path in = TakeFixtures.encode("sung", voice, format);
    Path flac = out("sung-" + format);
    TakeResult r = run(in, flac);
    JsonObject f = r.figures();
    assertThat(r.verdict()).as(f.encode()).isEqualTo(Verdict.OK);
    assertThat(f.getLong("durationMs")).isCloseTo(20_000L, within(60L));
    assertThat(f.getInteger("sampleRate")).isEqualTo(format == Format.WEBM || format == Format.OGG ? 48_000 : 44_100);
    assertThat(f.getInteger("channels")).isEqualTo(format == Format.WEBM || format == Format.MP3 ? 1 : 2);
    assertThat(f.getDouble("lufs")).isBetween(-24.0, -16.0);
    assertThat(f.getDouble("voiceSeconds")).isBetween(12.0, 19.5);
    assertThat(f.getDouble("silenceSeconds")).isGreaterThan(0.5);
    assertThat(f.getBoolean("bleed")).isFalse();
    assertThat(f.getDouble("bleedScore")).isLessThan(LIMITS.bleedScore() / 2);
    assertThat(f.getDouble("clippedShare")).isZero();
    assertThat(f.getDouble("peakDbfs")).isBetween(-20.0, -3.0);
    assertThat(r.producerWritten()).isTrue();
    // the trim: the 0.6 s before the first note goes, less the pad
    long expectedStart = Math.round((0.6 - LIMITS.trimPadMs() / 1000.0) * 48_000);
    assertThat(f.getLong("trimStartSamples")).isCloseTo(expectedStart, within(1000L));
    assertThat(f.getLong("trimStartSamples") + f.getLong("producerSamples") + f.getLong("trimEndSamples"))
        .isEqualTo(Math.round(f.getLong("durationMs") * 48.0) == 0 ? 0 : samples(f));
    // the producer file: 48 kHz mono FLAC at the target, by our meter and by ffmpeg's ebur128
    String probe = TakeFixtures.ffmpeg(List.of("-i", flac.toString(), "-f", "null", "-"));
    assertThat(probe).contains("Audio: flac, 48000 Hz, mono");
    assertThat(ourLoudness(flac)).isCloseTo(LIMITS.targetLufs(), within(0.5));
    assertThat(ffmpegLoudness(flac)).isCloseTo(LIMITS.targetLufs(), within(0.5));
    assertThat(decodedSamples(flac)).isEqualTo(f.getLong("producerSamples"));
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void digitalSilenceIsSilent(Format format) {
    TakeResult r = run(TakeFixtures.encode("silence", TakeFixtures.silence(12), format), out("silence-" + format));
    assertThat(r.verdict()).as(r.figures().encode()).isEqualTo(Verdict.SILENT);
    assertThat(r.figures().getDouble("voiceSeconds")).isZero();
    assertThat(r.producerWritten()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void takeTwentyDecibelsDownIsTooQuiet(Format format) {
    TakeResult r = run(TakeFixtures.encode("quiet", TakeFixtures.scaled(voice, -20), format), out("quiet-" + format));
    assertThat(r.verdict()).as(r.figures().encode()).isEqualTo(Verdict.TOO_QUIET);
    assertThat(r.figures().getDouble("voiceSeconds")).isGreaterThan(10.0);
    assertThat(r.producerWritten()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void fullScaleSquareWaveIsClipped(Format format) {
    TakeResult r = run(TakeFixtures.encode("square", TakeFixtures.square(10), format), out("square-" + format));
    assertThat(r.verdict()).as(r.figures().encode()).isEqualTo(Verdict.CLIPPED);
    assertThat(r.figures().getDouble("clippedShare")).isGreaterThan(LIMITS.maxClippedShare() * 10);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void backingTrackInTheTakeIsBleedAtItsOffset(Format format) {
    float[] take = TakeFixtures.withTrack(voice, TakeFixtures.backing(), BLEED_OFFSET_MS * 48, -6);
    TakeResult r = run(TakeFixtures.encode("bleed", take, format), out("bleed-" + format));
    JsonObject f = r.figures();
    assertThat(r.verdict()).as(f.encode()).isEqualTo(Verdict.BLEED);
    assertThat(f.getBoolean("bleed")).isTrue();
    assertThat(f.getDouble("bleedOffsetMs")).isCloseTo(BLEED_OFFSET_MS, within(10.0));
  }

  @Test
  void trackStartingInsideTheTakeGivesANegativeOffset() {
    float[] take = TakeFixtures.withTrack(voice, TakeFixtures.backing(), -1500 * 48, -10);
    TakeResult r = run(TakeFixtures.encode("bleed-late", take, Format.WEBM), out("bleed-late"));
    assertThat(r.verdict()).as(r.figures().encode()).isEqualTo(Verdict.BLEED);
    assertThat(r.figures().getDouble("bleedOffsetMs")).isCloseTo(-1500, within(10.0));
  }

  static TakeResult run(Path in, Path flac) {
    TakeResult r = processor.process(in, flac);
    System.out.println(in.getFileName() + " -> " + r.verdict() + " " + r.figures().encode());
    return r;
  }

  static Path out(String name) {
    return TakeFixtures.DIR.resolve("out-" + name + ".flac");
  }

  static long samples(JsonObject f) {
    return f.getLong("trimStartSamples") + f.getLong("producerSamples") + f.getLong("trimEndSamples");
  }

  /** Our own meter over the FLAC decoded by the same decoder. */
  static double ourLoudness(Path flac) {
    LoudnessMeter meter = new LoudnessMeter();
    new Decoder(Ffmpeg.bundled()).decode(flac, 600, 60, 256, meter::accept);
    return meter.integrated();
  }

  static long decodedSamples(Path flac) {
    long[] n = {0};
    new Decoder(Ffmpeg.bundled()).decode(flac, 600, 60, 256, (x, c) -> n[0] += c);
    return n[0];
  }

  /** ffmpeg's ebur128 filter: the "I:" line of its summary. */
  static double ffmpegLoudness(Path flac) {
    String log = TakeFixtures.ffmpeg(List.of("-i", flac.toString(), "-af", "ebur128", "-f", "null", "-"));
    Matcher m = Pattern.compile("Integrated loudness:\\s+I:\\s+(-?[0-9.]+) LUFS").matcher(log);
    assertThat(m.find()).as(log).isTrue();
    return Double.parseDouble(m.group(1));
  }

  static String readCampaign() {
    try {
      return Files.readString(Path.of("conf", "campaign.json"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
