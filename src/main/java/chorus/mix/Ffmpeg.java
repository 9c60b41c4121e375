package chorus.mix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * The FFmpeg executable shipped in {@code org.bytedeco:ffmpeg} (extracted once by JavaCPP into its cache) and a
 * helper that runs it to completion. Every invocation is bit-exact ({@code -bitexact}), so the same input gives
 * the same output bytes.
 */
public final class Ffmpeg {
  private static volatile String executable;

  private Ffmpeg() {}

  /** The path of the ffmpeg executable, extracted on first use. */
  public static String executable() {
    String e = executable;
    if (e == null) {
      synchronized (Ffmpeg.class) {
        e = executable;
        if (e == null) executable = e = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
      }
    }
    return e;
  }

  /** The command line {@code ffmpeg -nostdin -hide_banner -loglevel error <args>}. */
  public static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(executable(), "-nostdin", "-hide_banner", "-loglevel", "error"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs ffmpeg with these arguments, failing with its error output when it exits non-zero or overruns. */
  public static void run(long timeoutSeconds, String... args) throws IOException {
    Process p = new ProcessBuilder(command(args)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    ErrorOutput err = ErrorOutput.of(p);
    finish(p, err, timeoutSeconds);
  }

  /** Waits for a started ffmpeg; a timeout kills it, a non-zero exit fails with its error output. */
  static void finish(Process p, ErrorOutput err, long timeoutSeconds) throws IOException {
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("ffmpeg took longer than " + timeoutSeconds + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while ffmpeg ran", e);
    }
    if (p.exitValue() != 0) throw new IOException("ffmpeg failed (" + p.exitValue() + "): " + err.text());
  }

  /** The first 16 KiB of a process's error stream, read on a daemon thread so the process never blocks on it. */
  static final class ErrorOutput {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Thread reader;

    private ErrorOutput(InputStream in) {
      reader = new Thread(() -> {
        byte[] b = new byte[4096];
        try (in) {
          for (int n; (n = in.read(b)) > 0; ) {
            synchronized (out) {
              if (out.size() < 16384) out.write(b, 0, n);
            }
          }
        } catch (IOException e) {
          synchronized (out) {
            out.writeBytes(("[error stream: " + e.getMessage() + "]").getBytes(StandardCharsets.UTF_8));
          }
        }
      }, "ffmpeg-stderr");
      reader.setDaemon(true);
      reader.start();
    }

    static ErrorOutput of(Process p) {
      return new ErrorOutput(p.getErrorStream());
    }

    String text() {
      try {
        reader.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8).strip();
      }
    }
  }
}
