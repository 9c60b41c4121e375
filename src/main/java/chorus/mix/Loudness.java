package chorus.mix;

import chorus.audio.LoudnessMeter;

/**
 * Integrated loudness after ITU-R BS.1770-4 / EBU R128 (the K-weighting and gating of {@link LoudnessMeter}, the
 * two channels' energies added) and true peak by 4&times; oversampling, for an interleaved stereo signal.
 */
public final class Loudness {
  private static final int OVERSAMPLE = 4;
  private static final double[][] PHASES = interpolator(OVERSAMPLE, 12);

  private Loudness() {}

  /** Integrated loudness in LUFS; {@code -Infinity} for silence. */
  public static double integrated(float[] lr, int frames) {
    int hop = LoudnessMeter.STEP;
    int hops = frames / hop;
    double[] hopEnergy = new double[hops];
    for (int ch = 0; ch < 2; ch++) {
      LoudnessMeter.KWeighting k = new LoudnessMeter.KWeighting();
      for (int i = 0; i < hops * hop; i++) {
        double z = k.apply(lr[2 * i + ch]);
        hopEnergy[i / hop] += z * z;
      }
    }
    return LoudnessMeter.gated(hopEnergy, hops, hop);
  }

  /** True peak (linear, both channels): the largest magnitude of the signal oversampled 4&times;. */
  public static double truePeak(float[] lr, int frames) {
    int taps = PHASES[0].length, half = taps / 2;
    double peak = 0;
    for (int ch = 0; ch < 2; ch++) {
      for (int i = 0; i < frames; i++) {
        double s = Math.abs(lr[2 * i + ch]);
        if (s > peak) peak = s;
        for (int p = 1; p < OVERSAMPLE; p++) {
          double v = 0;
          double[] h = PHASES[p];
          for (int t = 0; t < taps; t++) {
            int j = i + half - t;
            if (j >= 0 && j < frames) v += h[t] * lr[2 * j + ch];
          }
          if (Math.abs(v) > peak) peak = Math.abs(v);
        }
      }
    }
    return peak;
  }

  /** Polyphase windowed-sinc interpolator: {@code PHASES[p][t]} weights input {@code i + half - t} for the output at {@code i + p/factor}, whose distance to it is {@code t - half + p/factor}. */
  private static double[][] interpolator(int factor, int tapsPerPhase) {
    double[][] h = new double[factor][tapsPerPhase];
    int half = tapsPerPhase / 2;
    for (int p = 0; p < factor; p++) {
      for (int t = 0; t < tapsPerPhase; t++) {
        double d = t - half + (double) p / factor;
        double sinc = d == 0 ? 1 : Math.sin(Math.PI * d) / (Math.PI * d);
        double w = 0.5 + 0.5 * Math.cos(Math.PI * d / (half + 1));
        h[p][t] = sinc * w;
      }
    }
    return h;
  }
}
