package chorus.mix;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.audio.Decoder;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Server-side alignment on the demo campaign's own guide vocal and backing track: a take recorded with a known
 * latency (which the browser did not know) comes out within 10 ms, and a take that matches nothing is not trusted.
 */
class AlignerTest {
  static final int RATE = Decoder.RATE;
  static float[] guide, backing;

  @BeforeAll
  static void decode() throws Exception {
    guide = Decoder.bundled().decodeWhole(Path.of("webroot/campaign/audio/guide.mp3"), 60);
    backing = Decoder.bundled().decodeWhole(Path.of("webroot/campaign/audio/backing.mp3"), 60);
    assertThat(guide.length).isBetween(61_400 * 48, 61_600 * 48);
  }

  /**
   * A fan's take: {@code seconds} of what the microphone heard from track time {@code startMs} on, the voice
   * (the guide, darker and quieter) arriving {@code latencyMs} late, over room noise, plus optional bleed.
   */
  static float[] take(int startMs, int latencyMs, double seconds, double bleed, long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[(int) (seconds * RATE)];
    int shift = (startMs - latencyMs) * RATE / 1000;
    double lp = 0, a = 1 - Math.exp(-2 * Math.PI * 1500.0 / RATE);
    for (int i = 0; i < x.length; i++) {
      int j = shift + i;
      double v = j >= 0 && j < guide.length ? guide[j] : 0;
      lp += a * (v - lp);
      double b = j >= 0 && j < backing.length ? backing[j] : 0;
      x[i] = (float) (0.4 * lp + bleed * b + 0.003 * rnd.nextGaussian());
    }
    return x;
  }

  @ParameterizedTest
  @ValueSource(ints = {173, -420, 60, 1100})
  void latencyTheBrowserMissedIsFoundWithinTenMs(int latencyMs) {
    int startMs = 17_000, trim = 12_000; // the producer file lost its first 250 ms to the silence trim
    float[] original = take(startMs, latencyMs, 24, 0, latencyMs);
    float[] producer = java.util.Arrays.copyOfRange(original, trim, original.length);
    Aligner.Result r = Aligner.forSignal(guide).align(producer, producer.length, trim, startMs);
    assertThat(r.offsetMs()).isCloseTo(startMs - latencyMs, org.assertj.core.data.Offset.offset(10));
    assertThat(r.confident()).as("confidence %s", r.confidence()).isTrue();
  }

  @Test
  void bleedOfTheTrackAlignsTheTakeToTheTrack() {
    int startMs = 30_000, latencyMs = 240;
    float[] x = take(startMs, latencyMs, 20, 0.2, 5);
    Aligner.Result r = Aligner.forSignal(backing).align(x, x.length, 0, startMs);
    assertThat(r.offsetMs()).isCloseTo(startMs - latencyMs, org.assertj.core.data.Offset.offset(10));
    assertThat(r.confident()).isTrue();
  }

  @Test
  void aTakeThatMatchesNothingIsNotTrusted() {
    Random rnd = new Random(3);
    float[] x = new float[20 * RATE];
    for (int burst = 0; burst < 40; burst++) { // random noise bursts, no relation to the song
      int at = rnd.nextInt(x.length - RATE / 4);
      for (int i = 0; i < RATE / 4; i++) x[at + i] += (float) (0.2 * rnd.nextGaussian());
    }
    Aligner.Result r = Aligner.forSignal(guide).align(x, x.length, 0, 20_000);
    assertThat(r.confident()).as("confidence %s", r.confidence()).isFalse();
  }
}
