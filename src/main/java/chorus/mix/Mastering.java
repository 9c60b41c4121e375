package chorus.mix;

/**
 * The root's last step: one linear gain that brings the stem to the loudness target, lowered when the true peak
 * would pass the ceiling (the stem is then quieter than the target, never limited or clipped).
 */
public final class Mastering {
  /** Integrated loudness of a stem: -18 LUFS (room for a producer to sit the chorus under a lead vocal). */
  public static final double TARGET_LUFS = -18;
  /** True-peak ceiling of a stem: -1 dBTP. */
  public static final double CEILING_DBTP = -1;

  /** What mastering measured and applied. */
  public record Result(double inputLufs, double inputTruePeakDb, double gainDb, double outputLufs, double outputTruePeakDb) {}

  private Mastering() {}

  /** Measures, applies the gain in place and returns the figures. */
  public static Result master(Submix mix) {
    float[] lr = mix.lr;
    int frames = mix.frames();
    double lufs = Loudness.integrated(lr, frames);
    double peak = Loudness.truePeak(lr, frames);
    if (Double.isInfinite(lufs) || peak == 0) {
      return new Result(lufs, toDb(peak), 0, lufs, toDb(peak));
    }
    double gain = Math.pow(10, (TARGET_LUFS - lufs) / 20);
    double ceiling = Math.pow(10, CEILING_DBTP / 20);
    if (peak * gain > ceiling) gain = ceiling / peak;
    float g = (float) gain;
    for (int i = 0; i < lr.length; i++) lr[i] *= g;
    double gainDb = toDb(gain);
    return new Result(lufs, toDb(peak), gainDb, lufs + gainDb, toDb(peak) + gainDb);
  }

  static double toDb(double linear) {
    return 20 * Math.log10(linear);
  }
}
