package chorus.audio;

import java.util.Arrays;

/**
 * 48 kHz PCM reduced to 4 kHz (mean of each 12 samples) and pre-emphasised (y = x[n] - 0.9 x[n-1], flattening the
 * spectrum so correlation peaks are sharp): what the bleed search correlates. Bounded: it keeps at most
 * {@code maxSamples} reduced samples (16 KB per second of audio).
 */
final class Reduced {
  static final int RATE = 4_000;
  static final int FACTOR = Decoder.RATE / RATE;

  private final int maxSamples;
  private float[] out = new float[RATE * 8];
  private int count;
  private double acc;
  private int inAcc;
  private float previous;

  Reduced(int maxSamples) {
    this.maxSamples = maxSamples;
  }

  void accept(float[] x, int n) {
    for (int i = 0; i < n; i++) {
      acc += x[i];
      if (++inAcc == FACTOR) {
        float v = (float) (acc / FACTOR);
        acc = 0;
        inAcc = 0;
        if (count < maxSamples) {
          if (count == out.length) out = Arrays.copyOf(out, Math.min(maxSamples, count * 2));
          out[count++] = v - 0.9f * previous;
        }
        previous = v;
      }
    }
  }

  float[] signal() { return Arrays.copyOf(out, count); }

  int count() { return count; }

  float[] raw() { return out; }

  /** e[i] = sum of x[0..i-1]^2. */
  static double[] prefixEnergy(float[] x, int n) {
    double[] e = new double[n + 1];
    for (int i = 0; i < n; i++) e[i + 1] = e[i] + (double) x[i] * x[i];
    return e;
  }
}
