package chorus.mix;

/**
 * Integrated loudness after ITU-R BS.1770-4 / EBU R128 (K-weighting at 48 kHz, 400 ms blocks with 75 % overlap,
 * absolute gate at -70 LUFS, relative gate 10 LU below) and true peak by 4&times; oversampling, for an
 * interleaved stereo signal.
 */
public final class Loudness {
  private static final double[] SHELF_B = {1.53512485958697, -2.69169618940638, 1.19839281085285};
  private static final double[] SHELF_A = {-1.69065929318241, 0.73248077421585};
  private static final double[] HIGH_B = {1.0, -2.0, 1.0};
  private static final double[] HIGH_A = {-1.99004745483398, 0.99007225036621};
  private static final int OVERSAMPLE = 4;
  private static final double[][] PHASES = interpolator(OVERSAMPLE, 12);

  private Loudness() {}

  /** Integrated loudness in LUFS; {@code -Infinity} for silence. */
  public static double integrated(float[] lr, int frames) {
    int hop = PcmDecoder.RATE / 10;
    int hops = frames / hop;
    double[] hopEnergy = new double[hops];
    for (int ch = 0; ch < 2; ch++) {
      double s1 = 0, s2 = 0, h1 = 0, h2 = 0; // biquad states (direct form II transposed)
      for (int i = 0; i < hops * hop; i++) {
        double x = lr[2 * i + ch];
        double y = SHELF_B[0] * x + s1;
        s1 = SHELF_B[1] * x - SHELF_A[0] * y + s2;
        s2 = SHELF_B[2] * x - SHELF_A[1] * y;
        double z = HIGH_B[0] * y + h1;
        h1 = HIGH_B[1] * y - HIGH_A[0] * z + h2;
        h2 = HIGH_B[2] * y - HIGH_A[1] * z;
        hopEnergy[i / hop] += z * z;
      }
    }
    int blocks = hops - 3;
    if (blocks <= 0) return Double.NEGATIVE_INFINITY;
    double[] power = new double[blocks];
    double sum = 0;
    int n = 0;
    double absolute = Math.pow(10, (-70 + 0.691) / 10);
    for (int b = 0; b < blocks; b++) {
      power[b] = (hopEnergy[b] + hopEnergy[b + 1] + hopEnergy[b + 2] + hopEnergy[b + 3]) / (4.0 * hop);
      if (power[b] > absolute) {
        sum += power[b];
        n++;
      }
    }
    if (n == 0) return Double.NEGATIVE_INFINITY;
    double relative = sum / n / 10;
    double kept = 0;
    int k = 0;
    for (double p : power) {
      if (p > absolute && p > relative) {
        kept += p;
        k++;
      }
    }
    return -0.691 + 10 * Math.log10(kept / k);
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
