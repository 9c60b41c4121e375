package chorus.mix;

import chorus.audio.Decoder;

/**
 * Refines where a take sits on the track by correlating its onset envelope with a reference on the track's
 * timeline (the backing track when it bleeds into the take, otherwise the campaign's guide vocal) within
 * &plusmn;1.5 s of the offset the browser measured.
 *
 * <p>The score at each lag is the normalised correlation (Pearson) of the two envelopes over their overlap;
 * the best lag is refined to a fraction of a frame by a parabola through its neighbours. The confidence is how
 * far the best score {@code b} stands above the best score {@code s} at least 60 ms away from it, as a share of
 * the room above {@code s}: {@code (b - s) / (1 - s)}. A clear, unique match scores high (a sung take on the
 * demo guide about 0.5, bleed of the demo track about 0.4); a take that matches nothing, or a repeating rhythm
 * equally well at several lags, scores near 0 (noise bursts: 0.03).
 */
public final class Aligner {
  /** How far from the browser's offset the search goes: &plusmn;1.5 s. */
  public static final int SEARCH_MS = 1500;
  /** Below this confidence a take is marked for a person and mixed at the browser's offset. */
  public static final double THRESHOLD = 0.15;
  private static final int SEARCH = SEARCH_MS * Decoder.RATE / 1000 / OnsetEnvelope.HOP;
  private static final int EXCLUDE = 60 * Decoder.RATE / 1000 / OnsetEnvelope.HOP;
  private static final int MIN_OVERLAP = 400; // frames: 2 s

  /** The refined offset of the take's first original sample on the track (ms), and how sure the match is. */
  public record Result(int offsetMs, double confidence, double score) {
    public boolean confident() {
      return confidence >= THRESHOLD;
    }
  }

  private final float[] reference;

  /** @param reference envelope of the reference ({@link OnsetEnvelope#of}) starting at track time 0 */
  public Aligner(float[] reference) {
    this.reference = reference;
  }

  public static Aligner forSignal(float[] track) {
    return new Aligner(OnsetEnvelope.of(track, 0, track.length));
  }

  /**
   * @param take        the producer file's samples (48 kHz mono)
   * @param trimSamples samples trimmed from the start of the original take
   * @param browserMs   the browser's offset of the original's first sample on the track (ms)
   */
  public Result align(float[] take, int n, long trimSamples, int browserMs) {
    long start = Math.round(browserMs * (Decoder.RATE / 1000.0)) + trimSamples; // producer sample 0 on the timeline
    // Skip into the take so its frames fall on the reference's grid: frame k of the take = reference frame base + k.
    int skip = (int) Math.floorMod(-start, (long) OnsetEnvelope.HOP);
    long base = Math.floorDiv(start + skip, OnsetEnvelope.HOP);
    float[] env = OnsetEnvelope.of(take, skip, Math.max(0, n - skip));
    double[] score = new double[2 * SEARCH + 1];
    int best = -1;
    for (int d = -SEARCH; d <= SEARCH; d++) {
      double s = correlate(env, base + d);
      score[d + SEARCH] = s;
      if (!Double.isNaN(s) && (best < 0 || s > score[best])) best = d + SEARCH;
    }
    if (best < 0) return new Result(browserMs, 0, 0);
    double second = 0;
    for (int i = 0; i < score.length; i++) {
      if (Math.abs(i - best) >= EXCLUDE && !Double.isNaN(score[i])) second = Math.max(second, score[i]);
    }
    double frac = 0;
    if (best > 0 && best < score.length - 1 && !Double.isNaN(score[best - 1]) && !Double.isNaN(score[best + 1])) {
      double a = score[best - 1], b = score[best], c = score[best + 1], den = a - 2 * b + c;
      if (den < 0) frac = Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / den));
    }
    // The take's content sits where the reference has it: moving the take by +d frames matched it.
    double shiftSamples = ((best - SEARCH) + frac) * OnsetEnvelope.HOP;
    int offsetMs = (int) Math.round(browserMs + shiftSamples * 1000.0 / Decoder.RATE);
    double confidence = Math.max(0, (score[best] - second) / (1 - second));
    return new Result(offsetMs, confidence, score[best]);
  }

  /** Pearson correlation of the take envelope placed at reference frame {@code at}; NaN when they barely overlap. */
  private double correlate(float[] env, long at) {
    int from = (int) Math.max(0, -at), to = (int) Math.min(env.length, reference.length - at);
    int n = to - from;
    if (n < MIN_OVERLAP) return Double.NaN;
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int k = from; k < to; k++) {
      double x = env[k], y = reference[(int) (at + k)];
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
    double vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
    if (vx <= 0 || vy <= 0) return Double.NaN;
    return (sxy - sx * sy / n) / Math.sqrt(vx * vy);
  }
}
