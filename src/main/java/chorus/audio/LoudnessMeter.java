package chorus.audio;

import java.util.Arrays;

/**
 * Integrated loudness of 48 kHz mono PCM after ITU-R BS.1770-4 / EBU R128: K-weighting (the standard's pre-filter
 * shelf and RLB high-pass, as biquads with its 48 kHz coefficients), mean square over 400 ms blocks overlapping by
 * 75 %, an absolute gate at -70 LUFS and a relative gate 10 LU below the loudness of the blocks above it. Streaming:
 * it keeps one sum per 100 ms, so memory grows by 8 bytes per 100 ms of audio (the decode cap bounds it).
 */
final class LoudnessMeter {
  private static final int STEP = Decoder.RATE / 10;          // 100 ms
  private static final double ABSOLUTE_GATE = -70;
  private static final double RELATIVE_GATE = -10;
  // Stage 1 (head-related high shelf) and stage 2 (RLB high-pass), BS.1770-4 table 1 and 2, fs = 48 kHz.
  private static final double B10 = 1.53512485958697, B11 = -2.69169618940638, B12 = 1.19839281085285;
  private static final double A11 = -1.69065929318241, A12 = 0.73248077421585;
  private static final double A21 = -1.99004745483398, A22 = 0.99007225036621;

  private double s1a, s1b, s2a, s2b;   // transposed direct form II state of both stages
  private double segment;
  private int inSegment;
  private double[] segments = new double[256];
  private int count;

  void accept(float[] x, int n) {
    for (int i = 0; i < n; i++) {
      double v = x[i];
      double y1 = B10 * v + s1a;
      s1a = B11 * v - A11 * y1 + s1b;
      s1b = B12 * v - A12 * y1;
      double y2 = y1 + s2a;               // b = 1, -2, 1
      s2a = -2 * y1 - A21 * y2 + s2b;
      s2b = y1 - A22 * y2;
      segment += y2 * y2;
      if (++inSegment == STEP) {
        if (count == segments.length) segments = Arrays.copyOf(segments, count * 2);
        segments[count++] = segment;
        segment = 0;
        inSegment = 0;
      }
    }
  }

  /** Integrated loudness in LUFS; {@link Double#NEGATIVE_INFINITY} when no block passes the absolute gate. */
  double integrated() {
    int blocks = count - 3;
    if (blocks <= 0) return Double.NEGATIVE_INFINITY;
    double[] z = new double[blocks];
    for (int j = 0; j < blocks; j++) z[j] = (segments[j] + segments[j + 1] + segments[j + 2] + segments[j + 3]) / (4.0 * STEP);
    double absolute = power(ABSOLUTE_GATE);
    double sum = 0;
    int kept = 0;
    for (double v : z) if (v > absolute) { sum += v; kept++; }
    if (kept == 0) return Double.NEGATIVE_INFINITY;
    double relative = power(lufs(sum / kept) + RELATIVE_GATE);
    double gated = 0;
    int passed = 0;
    for (double v : z) if (v > absolute && v > relative) { gated += v; passed++; }
    return passed == 0 ? Double.NEGATIVE_INFINITY : lufs(gated / passed);
  }

  static double lufs(double meanSquare) {
    return -0.691 + 10 * Math.log10(meanSquare);
  }

  /** The mean square a block of this loudness has. */
  static double power(double lufs) {
    return Math.pow(10, (lufs + 0.691) / 10);
  }
}
