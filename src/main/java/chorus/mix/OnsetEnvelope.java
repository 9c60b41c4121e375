package chorus.mix;

/**
 * The onset envelope of a 48 kHz signal: frames of 5 ms ({@link #HOP} samples) over a 10 ms window, the rise of
 * log energy from one frame to the next, half-wave rectified. Notes and syllables starting show as peaks, in a
 * voice and in a guide vocal alike, whatever their timbre or level.
 */
public final class OnsetEnvelope {
  public static final int HOP = 240;
  private static final int WINDOW = 2 * HOP;

  private OnsetEnvelope() {}

  /** Envelope of {@code x[from, from+n)}: one value per hop, the first frame starting at {@code from}. */
  public static float[] of(float[] x, int from, int n) {
    int frames = Math.max(0, (n - WINDOW) / HOP + 1);
    float[] env = new float[frames];
    double prev = Double.NaN;
    for (int k = 0; k < frames; k++) {
      double e = 0;
      int s = from + k * HOP;
      for (int i = s; i < s + WINDOW; i++) e += (double) x[i] * x[i];
      double l = Math.log10(e / WINDOW + 1e-9);
      env[k] = Double.isNaN(prev) ? 0 : (float) Math.max(0, l - prev);
      prev = l;
    }
    return env;
  }
}
