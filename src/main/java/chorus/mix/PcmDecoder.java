package chorus.mix;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Audio files to 32-bit float PCM through one ffmpeg child process streaming {@code f32le} on its stdout: the
 * only place the mix decodes. A batch of producer FLACs goes through one process (concat demuxer), so a leaf
 * job of hundreds of short takes pays one process start, not hundreds; each FLAC's length comes from its
 * STREAMINFO header and the total is checked against what ffmpeg delivered.
 */
public final class PcmDecoder {
  public static final int RATE = 48_000;
  static final int BLOCK = 16_384;

  /** Receives consecutive blocks of one file's samples; {@code block} is reused after the call. */
  public interface Sink {
    void samples(int file, float[] block, int count) throws IOException;
  }

  private PcmDecoder() {}

  /**
   * Decodes 48 kHz mono FLAC files, in order, as one stream; the sink learns which file each block belongs to.
   * The list file ffmpeg reads is written to {@code workDir}.
   */
  public static void decodeFlacs(List<Path> files, Path workDir, long timeoutSeconds, Sink sink) throws IOException {
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
      stream(Ffmpeg.command("-f", "concat", "-safe", "0", "-i", listFile.toString(), "-f", "f32le", "-ac", "1", "pipe:1"),
          lengths, timeoutSeconds, sink);
    } finally {
      Files.deleteIfExists(listFile);
    }
  }

  /** Any audio file ffmpeg reads, resampled to 48 kHz mono, whole (for short assets such as the guide vocal). */
  public static float[] decodeWhole(Path file, long timeoutSeconds) throws IOException {
    Collector c = new Collector();
    stream(Ffmpeg.command("-i", file.toString(), "-vn", "-f", "f32le", "-ac", "1", "-ar", String.valueOf(RATE), "pipe:1"),
        null, timeoutSeconds, c);
    return c.samples();
  }

  /** One 48 kHz mono FLAC, whole. */
  public static float[] decodeFlac(Path file, Path workDir, long timeoutSeconds) throws IOException {
    Collector c = new Collector();
    decodeFlacs(List.of(file), workDir, timeoutSeconds, c);
    return c.samples();
  }

  /** Gathers the blocks of one file into a growing array. */
  private static final class Collector implements Sink {
    private float[] x = new float[RATE * 8];
    private int n;

    @Override
    public void samples(int file, float[] block, int count) {
      if (n + count > x.length) x = java.util.Arrays.copyOf(x, Math.max(2 * x.length, n + count));
      System.arraycopy(block, 0, x, n, count);
      n += count;
    }

    float[] samples() {
      return java.util.Arrays.copyOf(x, n);
    }
  }

  /** Reads ffmpeg's stdout in blocks, split into files by {@code lengths} (null: one file of any length). */
  private static void stream(List<String> cmd, long[] lengths, long timeoutSeconds, Sink sink) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    Ffmpeg.ErrorOutput err = Ffmpeg.ErrorOutput.of(p);
    long expected = 0;
    if (lengths != null) for (long l : lengths) expected += l;
    long delivered = 0;
    try (InputStream in = new BufferedInputStream(p.getInputStream(), BLOCK * 4)) {
      byte[] bytes = new byte[BLOCK * 4];
      float[] block = new float[BLOCK];
      ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      int file = 0;
      long leftInFile = lengths == null ? Long.MAX_VALUE : lengths.length == 0 ? 0 : lengths[0];
      while (true) {
        int got = in.readNBytes(bytes, 0, bytes.length);
        int count = got / 4;
        if (count == 0) break;
        view.asFloatBuffer().get(block, 0, count);
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
        if (got < bytes.length) break;
      }
    } catch (IOException | RuntimeException e) {
      p.destroyForcibly();
      throw e;
    }
    Ffmpeg.finish(p, err, timeoutSeconds);
    if (lengths != null && delivered != expected) {
      throw new IOException("ffmpeg delivered " + delivered + " samples, the FLAC headers announce " + expected);
    }
  }
}
