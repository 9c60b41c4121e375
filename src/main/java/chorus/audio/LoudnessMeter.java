package chorus.audio;

import java.util.Arrays;

/**
 * Integrated loudness of 48 kHz PCM after ITU-R BS.1770-4 / EBU R128: K-weighting (the standard's pre-filter shelf
 * and RLB high-pass, as biquads with its 48 kHz coefficients), mean square over 400 ms blocks overlapping by 75 %,
 * an absolute gate at -70 LUFS and a relative gate 10 LU below the loudness of the blocks above it. The one
 * implementation in Chorus: a take's mono stream is measured by an instance (one sum per 100 ms, so memory grows by
 * 8 bytes per 100 ms of audio; the decode cap bounds it), the mix's stereo stems through {@link KWeighting} and
 * {@link #gated}.
 */
public final class LoudnessMeter {
  /** 100 ms: the hop of the 400 ms blocks. */
  public static final int STEP = Decoder.RATE / 10;
  private static final double ABSOLUTE_GATE = -70;

  private final KWeighting filter = new KWeighting();
  private double segment;
  private int inSegment;
  private double[] segments = new double[256];
  private int count;

  /** The K-weighting filter of one channel: stage 1 (head-related high shelf) then stage 2 (RLB high-pass). */
  public static final class KWeighting {
    // BS.1770-4 table 1 and 2, fs = 48 kHz; stage 2's numerator is 1, -2, 1.
    private static final double B10 = 1.53512485958697, B11 = -2.69169618940638, B12 = 1.19839281085285;
    private static final double A11 = -1.69065929318241, A12 = 0.73248077421585;
    private static final double A21 = -1.99004745483398, A22 = 0.99007225036621;
    private double s1a, s1b, s2a, s2b;   // transposed direct form II state of both stages

    /** The next sample through the filter. */
    public double apply(double v) {
      double y1 = B10 * v + s1a;
      s1a = B11 * v - A11 * y1 + s1b;
      s1b = B12 * v - A12 * y1;
      double y2 = y1 + s2a;
      s2a = -2 * y1 - A21 * y2 + s2b;
      s2b = y1 - A22 * y2;
      return y2;
    }
  }

  public LoudnessMeter() {}

  public void accept(float[] x, int n) {
    for (int i = 0; i < n; i++) {
      double y = filter.apply(x[i]);
      segment += y * y;
      if (++inSegment == STEP) {
        if (count == segments.length) segments = Arrays.copyOf(segments, count * 2);
        segments[count++] = segment;
        segment = 0;
        inSegment = 0;
      }
    }
  }

  /** Integrated loudness in LUFS; {@link Double#NEGATIVE_INFINITY} when no block passes the absolute gate. */
  public double integrated() {
    return gated(segments, count, STEP);
  }

  /**
   * Integrated loudness in LUFS of K-weighted energy summed per hop ({@code hops} sums of {@code hopLength} samples,
   * the channels' energies added): 400 ms blocks of four hops, gated; {@link Double#NEGATIVE_INFINITY} when no block
   * passes the absolute gate.
   */
  public static double gated(double[] hopEnergy, int hops, int hopLength) {
    int blocks = hops - 3;
    if (blocks <= 0) return Double.NEGATIVE_INFINITY;
    double[] z = new double[blocks];
    double absolute = power(ABSOLUTE_GATE);
    double sum = 0;
    int kept = 0;
    for (int j = 0; j < blocks; j++) {
      z[j] = (hopEnergy[j] + hopEnergy[j + 1] + hopEnergy[j + 2] + hopEnergy[j + 3]) / (4.0 * hopLength);
      if (z[j] > absolute) {
        sum += z[j];
        kept++;
      }
    }
    if (kept == 0) return Double.NEGATIVE_INFINITY;
    double relative = sum / kept / 10;   // 10 LU below the mean power of the blocks above the absolute gate
    double gated = 0;
    int passed = 0;
    for (double v : z) {
      if (v > absolute && v > relative) {
        gated += v;
        passed++;
      }
    }
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
