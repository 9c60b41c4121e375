package chorus.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * Artworks per CPU-second (= per core) on one rendering thread, robust to other load on a shared
 * machine: each case is warmed up, then timed with the process's CPU clock (so GC and JIT threads are
 * counted too) as well as the wall clock. The peer
 * harnesses in bench/render/ report the same two figures.
 * Usage: {@code RenderCpuHarness template:script... [count]}, e.g. {@code facebook:latin 600}.
 */
public final class RenderCpuHarness {
  private RenderCpuHarness() {}

  public static void main(String[] args) throws Exception {
    int count = 600;
    java.util.List<String> cases = new java.util.ArrayList<>();
    for (String a : args) {
      if (a.matches("\\d+")) {
        count = Integer.parseInt(a);
      } else {
        cases.add(a);
      }
    }
    if (cases.isEmpty()) {
      cases.add("facebook:latin");
    }
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (String c : cases) {
      String[] parts = c.split(":");
      BenchCase bench = new BenchCase(parts[0], parts[1]);
      for (String path : new String[] {"render", "plainEncode"}) {
        int n = path.equals("render") ? count : Math.max(50, count / 4);
        long bytes = 0;
        for (int i = 0; i < n; i++) {   // warm-up: JIT, glyph caches
          bytes += run(bench, path).length;
        }
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          bytes += run(bench, path).length;
        }
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        double wall = (System.nanoTime() - wall0) / 1e9;
        System.out.printf("chorus %-11s %s %s: %d artworks, %.1f per CPU-second (%.2f ms CPU each), "
            + "%.1f per wall second, mean %d bytes%n", path, parts[0], parts[1], n, n / cpu, 1000 * cpu / n,
            n / wall, bytes / (2L * n));
      }
    }
  }

  private static byte[] run(BenchCase bench, String path) throws java.io.IOException {
    return path.equals("render") ? bench.render() : bench.plainEncode();
  }
}
