package chorus.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

/**
 * Decodes a file with ffmpeg to 48 kHz mono float PCM, streamed to a {@link PcmSink} in blocks of 8192 samples:
 * memory stays the same for a take of any length. Only audio containers browsers record are opened
 * ({@code -format_whitelist}), only local files ({@code -protocol_whitelist file}: no playlists reaching out),
 * and decoding stops at {@code capSeconds} of output whatever the container claims.
 */
final class Decoder {
  static final int RATE = 48_000;
  private static final String FORMATS = "matroska,webm,mov,mp4,m4a,ogg,wav,mp3,flac,aac";
  private static final int BLOCK = 8192;

  /** How a decode ended. {@code error} is null when ffmpeg exited 0 and ran within its ceilings. */
  record Outcome(SourceInfo source, long samples, boolean capped, String error) {}

  private final Ffmpeg ffmpeg;

  Decoder(Ffmpeg ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  Outcome decode(Path input, double capSeconds, int jobSeconds, int memoryMb, PcmSink sink) {
    long cap = Math.round(capSeconds * RATE);
    List<String> args = List.of("-loglevel", "level+info", "-protocol_whitelist", "file", "-format_whitelist", FORMATS,
        "-i", input.toAbsolutePath().toString(), "-map", "0:a:0", "-vn", "-sn", "-dn", "-ac", "1", "-ar", Integer.toString(RATE),
        "-t", Double.toString(capSeconds), "-c:a", "pcm_f32le", "-f", "f32le", "pipe:1");
    long samples = 0;
    try (Ffmpeg.Running run = ffmpeg.start(args, jobSeconds, memoryMb, jobSeconds)) {
      byte[] bytes = new byte[BLOCK * 4];
      float[] block = new float[BLOCK];
      ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      InputStream out = run.stdout();
      int n;
      while ((n = read(out, bytes, run)) > 0) {
        int count = n / 4;
        view.clear();
        view.asFloatBuffer().get(block, 0, count);
        if (samples + count > cap) count = (int) (cap - samples);
        if (count > 0) sink.accept(block, count);
        samples += count;
        if (n < bytes.length) break;
      }
      int code = run.waitFor();
      String log = run.stderr();
      SourceInfo source = SourceInfo.parse(log);
      String error = run.killed() ? "took longer than " + jobSeconds + " s"
          : code != 0 ? firstError(log, code)
          : samples == 0 ? "no audio samples"
          : null;
      return new Outcome(source, samples, samples >= cap, error);
    }
  }

  /** Fills the buffer (or up to the end); 0 when the watchdog killed the process under our feet. */
  private static int read(InputStream out, byte[] bytes, Ffmpeg.Running run) {
    try {
      return out.readNBytes(bytes, 0, bytes.length);
    } catch (IOException e) {
      if (run.killed()) return 0;
      throw new UncheckedIOException("reading ffmpeg output", e);
    }
  }

  /** The first error-level line of the log (ffmpeg prefixes lines with their level), or the exit code. */
  static String firstError(String log, int code) {
    for (String line : log.split("\n")) {
      int at = line.indexOf("[error] ");
      if (at < 0) at = line.indexOf("[fatal] ");
      if (at >= 0) return line.substring(at + 8).trim();
    }
    return code == 152 || code == 137 ? "ran out of its CPU or memory ceiling (exit " + code + ")"
        : "ffmpeg exit code " + code;
  }
}
