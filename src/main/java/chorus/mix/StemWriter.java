package chorus.mix;

import chorus.audio.Ffmpeg;
import java.io.IOException;
import java.nio.file.Path;

/** A mastered stem as files: the 24-bit WAV, and a 24-bit FLAC of it made by ffmpeg (bit-exact). */
public final class StemWriter {
  private StemWriter() {}

  public static void writeFlac(Path wav, Path flac, long timeoutSeconds) throws IOException {
    Ffmpeg.bundled().run(timeoutSeconds, "-y", "-i", wav.toString(), "-map_metadata", "-1", "-fflags", "+bitexact",
        "-flags:a", "+bitexact", "-c:a", "flac", "-sample_fmt", "s32", "-bits_per_raw_sample", "24", flac.toString());
  }
}
