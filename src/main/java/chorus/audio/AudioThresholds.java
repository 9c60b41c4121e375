package chorus.audio;

import io.vertx.core.json.JsonObject;

/**
 * The figures a verdict is judged by, from the campaign file's {@code audio} object (every key optional; the
 * defaults below are the documented ones), plus the take length limits of its {@code recording} object.
 *
 * @param minLufs            integrated loudness below which a take is {@code too_quiet}
 * @param voiceGateDbfs      a 20 ms frame whose RMS is above this counts as voice, else as silence
 * @param minVoiceSeconds    less voice than this is {@code silent}
 * @param clipLevelDbfs      a sample at or above this magnitude counts as clipped
 * @param maxClippedShare    more clipped samples than this share (0..1) is {@code clipped}
 * @param bleedScore         normalised correlation with the backing track at or above this is {@code bleed}
 * @param targetLufs         loudness of the producer FLAC
 * @param peakCeilingDbfs    the FLAC's sample peak stays at or below this (the gain is lowered to keep it)
 * @param maxGainDb          the FLAC is never amplified by more than this
 * @param trimPadMs          silence kept before the first and after the last voice frame when trimming
 * @param marginSeconds      decoding stops this far past the campaign's longest take ({@code too long})
 * @param jobSeconds         wall-time ceiling of one decode or encode process (CPU ceiling: the same)
 * @param memoryMb           data-segment ceiling of one FFmpeg process
 * @param minSeconds         a take shorter than this is {@code too_short} ({@code recording.minSeconds})
 * @param maxSeconds         the campaign's longest take ({@code recording.maxSeconds})
 */
public record AudioThresholds(double minLufs, double voiceGateDbfs, double minVoiceSeconds, double clipLevelDbfs,
                              double maxClippedShare, double bleedScore, double targetLufs, double peakCeilingDbfs,
                              double maxGainDb, int trimPadMs, int marginSeconds, int jobSeconds, int memoryMb,
                              int minSeconds, int maxSeconds) {

  public static final AudioThresholds DEFAULTS = new AudioThresholds(-38, -50, 1.0, -0.1, 0.001, 0.25, -23, -1, 30, 150,
      15, 60, 256, 5, 75);

  /**
   * Reads the {@code audio} object (may be null: all defaults) and the take limits; a value of the wrong type or
   * out of range fails with {@link IllegalArgumentException} naming the key, e.g. {@code audio.minLufs}.
   */
  public static AudioThresholds fromJson(JsonObject audio, int minSeconds, int maxSeconds) {
    JsonObject a = audio == null ? new JsonObject() : audio;
    AudioThresholds d = DEFAULTS;
    return new AudioThresholds(
        num(a, "minLufs", d.minLufs, -70, 0), num(a, "voiceGateDbfs", d.voiceGateDbfs, -90, 0),
        num(a, "minVoiceSeconds", d.minVoiceSeconds, 0, 600), num(a, "clipLevelDbfs", d.clipLevelDbfs, -20, 0),
        num(a, "maxClippedShare", d.maxClippedShare, 0, 1), num(a, "bleedScore", d.bleedScore, 0.01, 1),
        num(a, "targetLufs", d.targetLufs, -40, -5), num(a, "peakCeilingDbfs", d.peakCeilingDbfs, -20, 0),
        num(a, "maxGainDb", d.maxGainDb, 0, 60), (int) num(a, "trimPadMs", d.trimPadMs, 0, 5000),
        (int) num(a, "marginSeconds", d.marginSeconds, 0, 600), (int) num(a, "jobSeconds", d.jobSeconds, 1, 3600),
        (int) num(a, "memoryMb", d.memoryMb, 64, 8192), minSeconds, maxSeconds);
  }

  /** Decoding stops after this many seconds of audio: the campaign's longest take plus the margin. */
  public double capSeconds() {
    return maxSeconds + marginSeconds;
  }

  /** The keys and values as the campaign file spells them (for docs and the campaign API). */
  public JsonObject toJson() {
    return new JsonObject().put("minLufs", minLufs).put("voiceGateDbfs", voiceGateDbfs).put("minVoiceSeconds", minVoiceSeconds)
        .put("clipLevelDbfs", clipLevelDbfs).put("maxClippedShare", maxClippedShare).put("bleedScore", bleedScore)
        .put("targetLufs", targetLufs).put("peakCeilingDbfs", peakCeilingDbfs).put("maxGainDb", maxGainDb)
        .put("trimPadMs", trimPadMs).put("marginSeconds", marginSeconds).put("jobSeconds", jobSeconds).put("memoryMb", memoryMb);
  }

  private static double num(JsonObject a, String key, double fallback, double min, double max) {
    Object v = a.getValue(key);
    if (v == null) return fallback;
    if (!(v instanceof Number n) || Double.isNaN(n.doubleValue()) || n.doubleValue() < min || n.doubleValue() > max) {
      throw new IllegalArgumentException("audio." + key + ": must be a number from " + min + " to " + max);
    }
    return n.doubleValue();
  }
}
