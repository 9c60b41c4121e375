package chorus.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * The {@code ffmpeg} executable of the {@code org.bytedeco:ffmpeg} artifact, run as a child process per job.
 *
 * <p>Why a child process and not libav in-process through JavaCPP: not for speed. Measured on this project's
 * 2-core machine ({@code bench/audio/decode.sh}, {@code bench/audio/README.md}), the same decode of WebM/Opus and
 * MP4/AAC to 48 kHz mono float costs 0.065 CPU-s per minute of audio in-process against 0.165 through the child
 * (0.39x; the child pays more than its ~15 ms start: ffmpeg's thread per stage and the PCM through a pipe), i.e.
 * about 0.1 of the ~0.33 CPU-s of the whole per-take work. That price buys isolation: a hostile or broken file can
 * at worst crash, hang or exhaust its own process, while the JVM, its HTTP tier and the other jobs are out of reach
 * (native code in the JVM can take the process down with a SIGSEGV, and a thread stuck in native code cannot be
 * interrupted), and the ceilings are the kernel's (RLIMIT_CPU through {@code -timelimit}, RLIMIT_DATA through
 * {@code ulimit -d}, a wall-clock kill), not best-effort checks inside a shared heap.
 *
 * <p>The one place Chorus runs ffmpeg: the take pipeline ({@link #start}, under ceilings) and the mix
 * ({@link #run}, {@link #stream}: quiet, bit-exact jobs bounded by a wall-clock time) both go through it.
 */
public final class Ffmpeg {
  private static final ScheduledExecutorService KILLER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ffmpeg-watchdog");
    t.setDaemon(true);
    return t;
  });
  private static final Path SH = Path.of("/bin/sh");
  private static volatile Ffmpeg bundled;

  private final Path executable;

  public Ffmpeg(Path executable) {
    this.executable = executable;
  }

  /** The artifact's executable for this platform, extracted once into JavaCPP's cache (~/.javacpp/cache). */
  public static Ffmpeg bundled() {
    Ffmpeg f = bundled;
    if (f == null) {
      synchronized (Ffmpeg.class) {
        if (bundled == null) {
          useWritableCache();
          bundled = new Ffmpeg(Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class)));
        }
        f = bundled;
      }
    }
    return f;
  }

  /**
   * JavaCPP extracts the executable and libraries under ~/.javacpp/cache; where the home folder is not writable
   * (the Docker image's non-root user), under the temp folder instead, unless {@code org.bytedeco.javacpp.cachedir}
   * says where.
   */
  private static void useWritableCache() {
    if (System.getProperty("org.bytedeco.javacpp.cachedir") != null) return;
    Path home = Path.of(System.getProperty("user.home", "/"), ".javacpp");
    try {
      Files.createDirectories(home);
      if (Files.isWritable(home)) return;
    } catch (IOException | SecurityException e) {
      // fall through to the temp folder
    }
    System.setProperty("org.bytedeco.javacpp.cachedir", Path.of(System.getProperty("java.io.tmpdir"), "chorus-javacpp").toString());
  }

  public Path executable() {
    return executable;
  }

  /** The command line {@code ffmpeg -nostdin -hide_banner -loglevel error <args>}: a quiet job, errors only. */
  public List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(executable.toString(), "-nostdin", "-hide_banner", "-loglevel", "error"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * Runs {@link #command} with these arguments to its end, its output discarded; fails with its error output when it
   * exits non-zero, and kills it (failing) past {@code wallSeconds}.
   */
  public void run(long wallSeconds, String... args) throws IOException {
    try (Running r = launch(command(args), ProcessBuilder.Redirect.DISCARD, wallSeconds)) {
      r.finish();
    }
  }

  /**
   * Starts {@link #command} with these arguments for the caller to read its stdout ({@link Running#readSamples}),
   * then {@link Running#finish}; killed past {@code wallSeconds}.
   */
  public Running stream(long wallSeconds, String... args) throws IOException {
    return launch(command(args), ProcessBuilder.Redirect.PIPE, wallSeconds);
  }

  private static Running launch(List<String> cmd, ProcessBuilder.Redirect stdout, long wallSeconds) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(stdout).start();
    return new Running(p, wallSeconds);
  }

  /**
   * Starts ffmpeg with these arguments under the ceilings: CPU seconds ({@code -timelimit}), a data-segment limit
   * in MiB (through {@code /bin/sh -c ulimit -d} where a shell exists) and no stdin. The caller reads stdout;
   * stderr goes to the given sink (bounded by the caller).
   */
  public Running start(List<String> args, int cpuSeconds, int memoryMb, int wallSeconds) {
    List<String> cmd = new ArrayList<>();
    if (memoryMb > 0 && Files.isExecutable(SH)) {
      cmd.addAll(List.of(SH.toString(), "-c", "ulimit -d " + (memoryMb * 1024L) + " && exec \"$0\" \"$@\""));
    }
    cmd.add(executable.toString());
    cmd.addAll(List.of("-nostdin", "-hide_banner", "-nostats", "-threads", "1", "-timelimit", Integer.toString(cpuSeconds)));
    cmd.addAll(args);
    try {
      return launch(cmd, ProcessBuilder.Redirect.PIPE, wallSeconds);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start ffmpeg", e);
    }
  }

  /** A started ffmpeg: its stdout, the first 64 KiB of its stderr, its end. */
  public static final class Running implements AutoCloseable {
    private static final int STDERR_KEPT = 64 * 1024;
    private final Process process;
    private final long wallSeconds;
    private final StringBuilder stderr = new StringBuilder();
    private final Thread stderrReader;
    private volatile boolean killed;
    private byte[] bytes = new byte[0];
    private ByteBuffer view;

    Running(Process process, long wallSeconds) {
      this.process = process;
      this.wallSeconds = wallSeconds;
      this.stderrReader = new Thread(this::drainStderr, "ffmpeg-stderr-" + process.pid());
      stderrReader.setDaemon(true);
      stderrReader.start();
      KILLER.schedule(() -> {
        if (process.isAlive()) {
          killed = true;
          process.destroyForcibly();
        }
      }, wallSeconds, TimeUnit.SECONDS);
    }

    public InputStream stdout() {
      return process.getInputStream();
    }

    /**
     * Reads the next block of 32-bit little-endian float samples ({@code -f f32le}) from stdout into {@code block}:
     * the number read, fewer than {@code block.length} only at the end, 0 after it (or once the wall-clock ceiling
     * killed the process).
     */
    public int readSamples(float[] block) throws IOException {
      if (bytes.length != block.length * 4) {
        bytes = new byte[block.length * 4];
        view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      }
      int got;
      try {
        got = process.getInputStream().readNBytes(bytes, 0, bytes.length);
      } catch (IOException e) {
        if (killed) return 0;
        throw e;
      }
      int count = got / 4;
      view.asFloatBuffer().get(block, 0, count);
      return count;
    }

    /** Waits for the end; fails with the error output when ffmpeg exited non-zero or the wall-clock ceiling ended it. */
    public void finish() throws IOException {
      int code = waitFor();
      if (killed) throw new IOException("ffmpeg took longer than " + wallSeconds + " s");
      if (code != 0) throw new IOException("ffmpeg failed (" + code + "): " + stderr().strip());
    }

    /** Waits for the end (the wall-clock watchdog bounds it) and returns the exit code. */
    public int waitFor() {
      try {
        int code = process.waitFor();
        stderrReader.join(5000);
        return code;
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while ffmpeg ran", e);
      }
    }

    /** True when the wall-clock ceiling ended the process. */
    public boolean killed() {
      return killed;
    }

    public synchronized String stderr() {
      return stderr.toString();
    }

    private void drainStderr() {
      byte[] buf = new byte[8192];
      try (InputStream in = process.getErrorStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          synchronized (this) {
            if (stderr.length() < STDERR_KEPT) {
              stderr.append(new String(buf, 0, Math.min(n, STDERR_KEPT - stderr.length()), StandardCharsets.UTF_8));
            }
          }
        }
      } catch (IOException e) {
        synchronized (this) {
          stderr.append("\n[stderr read failed: ").append(e.getMessage()).append(']');
        }
      }
    }

    @Override
    public void close() {
      if (process.isAlive()) process.destroyForcibly();
    }
  }
}
