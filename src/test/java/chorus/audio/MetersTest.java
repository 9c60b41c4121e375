package chorus.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class MetersTest {

  static float[] sine(double hz, double amplitude, double seconds) {
    float[] x = new float[(int) (seconds * 48_000)];
    for (int i = 0; i < x.length; i++) x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / 48_000));
    return x;
  }

  static double loudness(float[] x) {
    LoudnessMeter m = new LoudnessMeter();
    for (int i = 0; i < x.length; i += 4096) m.accept(java.util.Arrays.copyOfRange(x, i, Math.min(x.length, i + 4096)), Math.min(4096, x.length - i));
    return m.integrated();
  }

  @Test
  void fullScaleThousandHertzSineInOneChannelReadsMinusThreeLufs() {
    // BS.1770-4: a 0 dBFS 1 kHz sine in one channel measures -3.01 LKFS; 20 dB down, -23.01
    assertThat(loudness(sine(1000, 1.0, 10))).isCloseTo(-3.01, within(0.05));
    assertThat(loudness(sine(1000, 0.1, 10))).isCloseTo(-23.01, within(0.05));
  }

  @Test
  void silenceAfterTheToneIsGatedOut() {
    float[] tone = sine(1000, 0.1, 10);
    float[] withSilence = java.util.Arrays.copyOf(tone, tone.length * 3);
    assertThat(loudness(withSilence)).isCloseTo(loudness(tone), within(0.1));
    assertThat(loudness(new float[48_000 * 5])).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void quietPassageTwentyDecibelsDownIsRelativelyGated() {
    float[] loud = sine(1000, 0.1, 10);
    float[] soft = sine(1000, 0.01, 10);
    float[] both = java.util.Arrays.copyOf(loud, loud.length + soft.length);
    System.arraycopy(soft, 0, both, loud.length, soft.length);
    assertThat(loudness(both)).isCloseTo(-23.01, within(0.1));
  }

  @Test
  void levelMeterCountsPeakRmsClippingAndVoiceFrames() {
    float[] x = java.util.Arrays.copyOf(sine(440, 0.5, 2), 48_000 * 3);
    x[100] = 1f;
    LevelMeter m = new LevelMeter(-0.1);
    m.accept(x, x.length);
    assertThat(m.peakDbfs()).isCloseTo(0, within(0.01));
    assertThat(m.rmsDbfs()).isCloseTo(20 * Math.log10(0.5 / Math.sqrt(2)) + 10 * Math.log10(2 / 3.0), within(0.05));
    assertThat(m.clippedShare()).isCloseTo(1.0 / x.length, within(1e-9));
    LevelMeter.Voice v = m.voice(-50);
    assertThat(v.seconds()).isCloseTo(2.0, within(0.021));
    assertThat(v.first()).isZero();
  }

  @Test
  void campaignFileCarriesTheDocumentedDefaults() throws Exception {
    JsonObject campaign = new JsonObject(TakeProcessorTest.readCampaign());
    AudioThresholds t = AudioThresholds.fromJson(campaign.getJsonObject("audio"), 5, 75);
    assertThat(t).isEqualTo(AudioThresholds.DEFAULTS);
    assertThat(AudioThresholds.fromJson(null, 5, 75)).isEqualTo(AudioThresholds.DEFAULTS);
    assertThat(t.toJson().fieldNames()).isEqualTo(campaign.getJsonObject("audio").fieldNames());
  }

  @Test
  void thresholdOutOfRangeNamesItsKey() {
    assertThatThrownBy(() -> AudioThresholds.fromJson(new JsonObject().put("targetLufs", 3), 5, 75))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("audio.targetLufs");
    assertThatThrownBy(() -> AudioThresholds.fromJson(new JsonObject().put("bleedScore", "high"), 5, 75))
        .hasMessageStartingWith("audio.bleedScore");
  }
}
