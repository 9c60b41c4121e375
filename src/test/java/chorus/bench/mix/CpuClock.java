package chorus.bench.mix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU seconds of this process and of its finished children (utime, stime, cutime, cstime of /proc/self/stat). */
final class CpuClock {
  private CpuClock() {}

  static double[] now() throws IOException {
    String s = Files.readString(Path.of("/proc/self/stat"));
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
    double tick = 100.0; // USER_HZ on Linux
    double self = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / tick;
    double children = (Long.parseLong(f[13]) + Long.parseLong(f[14])) / tick;
    return new double[] {self, children};
  }

  /** Peak resident memory of this process (VmHWM), MiB. */
  static double peakRssMib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
    }
    return -1;
  }
}
