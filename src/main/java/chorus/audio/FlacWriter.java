package chorus.audio;

import java.nio.file.Path;
import java.util.List;

/**
 * Writes the producer format: 48 kHz mono 24-bit FLAC of the decoded take (raw float PCM in a temp file), the
 * samples [start, end) only, with a gain in dB. ffmpeg reads the raw file and encodes; sample-exact by atrim.
 */
final class FlacWriter {
  private final Ffmpeg ffmpeg;

  FlacWriter(Ffmpeg ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /** Null when written, else why not. */
  String write(Path rawPcm, long start, long end, double gainDb, Path out, int jobSeconds, int memoryMb) {
    String filter = "atrim=start_sample=" + start + ":end_sample=" + end
        + String.format(java.util.Locale.ROOT, ",volume=%.4fdB:precision=double", gainDb);
    List<String> args = List.of("-loglevel", "level+error", "-f", "f32le", "-ar", Integer.toString(Decoder.RATE), "-ac", "1",
        "-i", rawPcm.toAbsolutePath().toString(), "-af", filter, "-c:a", "flac", "-sample_fmt", "s32",
        "-bits_per_raw_sample", "24", "-compression_level", "5", "-f", "flac", "-y", out.toAbsolutePath().toString());
    try (Ffmpeg.Running run = ffmpeg.start(args, jobSeconds, memoryMb, jobSeconds)) {
      run.stdout().transferTo(java.io.OutputStream.nullOutputStream());
      int code = run.waitFor();
      if (run.killed()) return "FLAC encoding took longer than " + jobSeconds + " s";
      return code == 0 ? null : Decoder.firstError(run.stderr(), code);
    } catch (java.io.IOException e) {
      return "FLAC encoding failed: " + e.getMessage();
    }
  }
}
