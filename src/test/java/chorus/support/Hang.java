package chorus.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hangs a server that a test started, the way a stuck host does: SIGSTOP keeps its sockets open and accepting
 * at the kernel level, but nothing answers. {@link #close()} sends SIGCONT. The process is found by the port
 * it listens on (through /proc), together with its children (PostgreSQL's backends), and signalled by PID only.
 */
public final class Hang implements AutoCloseable {
  private final List<Long> pids;

  private Hang(List<Long> pids) {
    this.pids = pids;
  }

  public static Hang listenerOn(int port) throws IOException, InterruptedException {
    long pid = listeningPid(port);
    List<Long> pids = new ArrayList<>();
    pids.add(pid);
    ProcessHandle.of(pid).orElseThrow().descendants().forEach(p -> pids.add(p.pid()));
    signal("STOP", pids);
    return new Hang(pids);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    signal("CONT", pids);
  }

  private static void signal(String sig, List<Long> pids) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("kill", "-" + sig));
    pids.forEach(p -> cmd.add(String.valueOf(p)));
    int rc = new ProcessBuilder(cmd).inheritIO().start().waitFor();
    if (rc != 0) throw new IOException("kill -" + sig + " " + pids + " exited " + rc);
  }

  /** The PID owning the socket that listens on 127.0.0.1:port (or any address), from /proc/net/tcp. */
  static long listeningPid(int port) throws IOException {
    String hexPort = String.format(":%04X", port);
    String inode = null;
    for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) { // 0A = LISTEN
        inode = f[9];
        break;
      }
    }
    if (inode == null) throw new IOException("nothing listens on port " + port);
    String target = "socket:[" + inode + "]";
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
          for (Path fd : fds) {
            if (target.equals(Files.readSymbolicLink(fd).toString())) return Long.parseLong(proc.getFileName().toString());
          }
        } catch (IOException gone) {
          // the process ended or is not ours to read: not the one we are looking for
        }
      }
    }
    throw new IOException("no process owns the socket listening on port " + port);
  }
}
