package chorus.audio;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ffmpeg said about the input before decoding it (parsed from its log): container, codec, sample rate,
 * channels of the first audio stream, and the duration the container claims (-1 when it claims none, as
 * MediaRecorder's WebM does). Zeros and nulls when there is no audio stream.
 */
public record SourceInfo(String container, String codec, int sampleRate, int channels, long claimedDurationMs) {
  private static final Pattern INPUT = Pattern.compile("Input #0, ([^ ]+), from");
  private static final Pattern DURATION = Pattern.compile("Duration: (\\d+):(\\d\\d):(\\d\\d(?:\\.\\d+)?)");
  private static final Pattern AUDIO = Pattern.compile("Stream #0:\\d+[^:]*: Audio: ([a-z0-9_]+)[^,]*, (\\d+) Hz, ([^,]+)");
  private static final Pattern CHANNELS = Pattern.compile("(\\d+) channels");

  static SourceInfo parse(String log) {
    Matcher in = INPUT.matcher(log);
    String container = in.find() ? in.group(1).replaceAll(",$", "") : null;
    Matcher d = DURATION.matcher(log);
    long claimed = d.find()
        ? Math.round((Long.parseLong(d.group(1)) * 3600 + Long.parseLong(d.group(2)) * 60 + Double.parseDouble(d.group(3))) * 1000)
        : -1;
    Matcher a = AUDIO.matcher(log);
    if (!a.find()) return new SourceInfo(container, null, 0, 0, claimed);
    return new SourceInfo(container, a.group(1), Integer.parseInt(a.group(2)), channels(a.group(3).trim()), claimed);
  }

  /** ffmpeg's layout names ("mono", "stereo", "5.1(side)", "3 channels") to a count. */
  static int channels(String layout) {
    String l = layout.toLowerCase(Locale.ROOT);
    Matcher m = CHANNELS.matcher(l);
    if (m.find()) return Integer.parseInt(m.group(1));
    if (l.startsWith("mono")) return 1;
    if (l.startsWith("stereo") || l.startsWith("downmix")) return 2;
    if (l.startsWith("2.1") || l.startsWith("3.0")) return 3;
    if (l.startsWith("quad") || l.startsWith("4.0") || l.startsWith("3.1")) return 4;
    if (l.startsWith("5.0") || l.startsWith("4.1")) return 5;
    if (l.startsWith("5.1") || l.startsWith("6.0")) return 6;
    if (l.startsWith("6.1") || l.startsWith("7.0")) return 7;
    if (l.startsWith("7.1")) return 8;
    return 0;
  }
}
