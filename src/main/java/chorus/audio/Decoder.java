package chorus.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Audio files to 48 kHz mono 32-bit float PCM through one ffmpeg child process streaming {@code f32le} on its
 * stdout: the one place Chorus decodes audio.
 * <ul>
 *   <li>A fan's take ({@link #decode}): streamed to a {@link PcmSink} in blocks of 8192 samples, so memory stays the
 *       same for a take of any length. Only audio containers browsers record are opened ({@code -format_whitelist}),
 *       only local files ({@code -protocol_whitelist file}: no playlists reaching out), under the CPU, memory and
 *       wall-clock ceilings, and decoding stops at {@code capSeconds} of output whatever the container claims.</li>
 *   <li>The mix's producer FLACs ({@link #decodeFlacs}): a batch through one process (concat demuxer), so a leaf
 *       job of hundreds of short takes pays one process start, not hundreds; each FLAC's length comes from its
 *       STREAMINFO header and the total is checked against what ffmpeg delivered.</li>
 * </ul>
 */
public final class Decoder {
  public static final int RATE = 48_000;
  private static final String FORMATS = "matroska,webm,mov,mp4,m4a,ogg,wav,mp3,flac,aac";
  private static final int TAKE_BLOCK = 8192;
  private static final int MIX_BLOCK = 16_384;

  /** How a decode ended. {@code error} is null when ffmpeg exited 0 and ran within its ceilings. */
  record Outcome(SourceInfo source, long samples, boolean capped, String error) {}

  /** Receives consecutive blocks of one file of a batch; {@code block} is reused after the call. */
  public interface FileSink {
    void samples(int file, float[] block, int count) throws IOException;
  }

  private final Ffmpeg ffmpeg;

  Decoder(Ffmpeg ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /** With the bundled ffmpeg. */
  public static Decoder bundled() {
    return new Decoder(Ffmpeg.bundled());
  }

  Outcome decode(Path input, double capSeconds, int jobSeconds, int memoryMb, PcmSink sink) {
    long cap = Math.round(capSeconds * RATE);
    List<String> args = List.of("-loglevel", "level+info", "-protocol_whitelist", "file", "-format_whitelist", FORMATS,
        "-i", input.toAbsolutePath().toString(), "-map", "0:a:0", "-vn", "-sn", "-dn", "-ac", "1", "-ar", Integer.toString(RATE),
        "-t", Double.toString(capSeconds), "-c:a", "pcm_f32le", "-f", "f32le", "pipe:1");
    long samples = 0;
    try (Ffmpeg.Running run = ffmpeg.start(args, jobSeconds, memoryMb, jobSeconds)) {
      float[] block = new float[TAKE_BLOCK];
      int n;
      while ((n = read(run, block)) > 0) {
        int count = n;
        if (samples + count > cap) count = (int) (cap - samples);
        if (count > 0) sink.accept(block, count);
        samples += count;
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

  private static int read(Ffmpeg.Running run, float[] block) {
    try {
      return run.readSamples(block);
    } catch (IOException e) {
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

  /**
   * Decodes 48 kHz mono FLAC files, in order, as one stream; the sink learns which file each block belongs to.
   * The list file ffmpeg reads is written to {@code workDir}.
   */
  public void decodeFlacs(List<Path> files, Path workDir, long timeoutSeconds, FileSink sink) throws IOException {
    long[] lengths = new long[files.size()];
    StringBuilder list = new StringBuilder("ffconcat version 1.0\n");
    for (int i = 0; i < files.size(); i++) {
      FlacInfo info = FlacInfo.read(files.get(i));
      if (info.rate() != RATE || info.channels() != 1 || info.samples() <= 0) {
        throw new IOException("take " + i + " is not a 48 kHz mono FLAC of known length: " + info);
      }
      lengths[i] = info.samples();
      list.append("file '").append(files.get(i).toAbsolutePath().toString().replace("'", "'\\''")).append("'\n");
    }
    if (files.isEmpty()) return;
    Path listFile = Files.createTempFile(workDir, "concat", ".txt");
    try {
      Files.writeString(listFile, list, StandardCharsets.UTF_8);
      stream(lengths, timeoutSeconds, sink, "-f", "concat", "-safe", "0", "-i", listFile.toString(), "-f", "f32le", "-ac", "1", "pipe:1");
    } finally {
      Files.deleteIfExists(listFile);
    }
  }

  /** Any audio file ffmpeg reads, resampled to 48 kHz mono, whole (for short assets such as the guide vocal). */
  public float[] decodeWhole(Path file, long timeoutSeconds) throws IOException {
    Collector c = new Collector();
    stream(null, timeoutSeconds, c, "-i", file.toString(), "-vn", "-f", "f32le", "-ac", "1", "-ar", String.valueOf(RATE), "pipe:1");
    return c.samples();
  }

  /** One 48 kHz mono FLAC, whole. */
  public float[] decodeFlac(Path file, Path workDir, long timeoutSeconds) throws IOException {
    Collector c = new Collector();
    decodeFlacs(List.of(file), workDir, timeoutSeconds, c);
    return c.samples();
  }

  /** Gathers the blocks of one file into a growing array. */
  private static final class Collector implements FileSink {
    private float[] x = new float[RATE * 8];
    private int n;

    @Override
    public void samples(int file, float[] block, int count) {
      if (n + count > x.length) x = Arrays.copyOf(x, Math.max(2 * x.length, n + count));
      System.arraycopy(block, 0, x, n, count);
      n += count;
    }

    float[] samples() {
      return Arrays.copyOf(x, n);
    }
  }

  /** Reads ffmpeg's stdout in blocks, split into files by {@code lengths} (null: one file of any length). */
  private void stream(long[] lengths, long timeoutSeconds, FileSink sink, String... args) throws IOException {
    long expected = 0;
    if (lengths != null) for (long l : lengths) expected += l;
    long delivered = 0;
    try (Ffmpeg.Running run = ffmpeg.stream(timeoutSeconds, args)) {
      float[] block = new float[MIX_BLOCK];
      int file = 0;
      long leftInFile = lengths == null ? Long.MAX_VALUE : lengths.length == 0 ? 0 : lengths[0];
      int count;
      while ((count = run.readSamples(block)) > 0) {
        delivered += count;
        if (lengths != null && delivered > expected) {
          throw new IOException("ffmpeg delivered more samples than the FLAC headers announce (" + expected + ")");
        }
        int pos = 0;
        while (pos < count) {
          while (leftInFile == 0) leftInFile = lengths[++file];
          int take = (int) Math.min(leftInFile, count - pos);
          if (pos == 0 && take == count) {
            sink.samples(file, block, count);
          } else {
            float[] part = new float[take];
            System.arraycopy(block, pos, part, 0, take);
            sink.samples(file, part, take);
          }
          pos += take;
          leftInFile -= take;
        }
      }
      run.finish();
    }
    if (lengths != null && delivered != expected) {
      throw new IOException("ffmpeg delivered " + delivered + " samples, the FLAC headers announce " + expected);
    }
  }
}
