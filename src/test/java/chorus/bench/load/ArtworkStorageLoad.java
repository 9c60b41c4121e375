package chorus.bench.load;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /api/fan/artwork} on S3 storage (s3proxy, the S3-compatible server of the tests, in this JVM) beside the
 * same path on local disk, closed loop with 4 clients, phases alternated over rounds so both see the same machine.
 * Every thread's CPU time is read before and after each phase and summed by pool, so the report says whose time an
 * artwork costs: the render pool, the storage client's pool, the event loops, or the S3 server's own threads.
 * Run: {@code ./mvnw -q test-compile org.codehaus.mojo:exec-maven-plugin:3.6.2:java -Dexec.classpathScope=test
 * -Dexec.mainClass=chorus.bench.load.ArtworkStorageLoad} (-Dload.seconds=15 -Dload.rounds=2)
 */
public final class ArtworkStorageLoad {
  private static final int SECONDS = Integer.getInteger("load.seconds", 15);
  private static final int ROUNDS = Integer.getInteger("load.rounds", 2);

  public static void main(String[] args) throws Exception {
    TestServices services = TestServices.get();
    Vertx localVertx = Vertx.vertx();
    Vertx s3Vertx = Vertx.vertx();
    TestApp local = TestApp.start(localVertx, services.localStorageConfig(Map.of("render.queue", 16)));
    TestApp s3 = TestApp.start(s3Vertx, services.config(Map.of("render.queue", 16)));
    WebClient localClient = client(localVertx, local);
    WebClient s3Client = client(s3Vertx, s3);
    ArtworkLoad.run(localClient, 8, 0, 5); // warm-up of both
    ArtworkLoad.run(s3Client, 8, 0, 5);
    StringBuilder out = new StringBuilder("# POST /api/fan/artwork: S3 storage beside local disk\n\n"
        + "Closed loop, 4 clients, " + SECONDS + " s per phase, phases alternated; render pool " + Runtime.getRuntime().availableProcessors()
        + " workers; s3proxy (filesystem-less transient store) in the same JVM. CPU ms per stored artwork (four JPEGs) by thread pool.\n\n"
        + "| round | storage | 201/s | p50 ms | p99 ms | CPU ms per artwork by pool |\n|---|---|---|---|---|---|\n");
    double[] sums = new double[2];
    for (int r = 1; r <= ROUNDS; r++) {
      int i = 0;
      for (var phase : new Object[][] {{"local", localClient}, {"s3", s3Client}}) {
        Map<String, Long> before = cpuByPool();
        ArtworkLoad.Result res = ArtworkLoad.run((WebClient) phase[1], 4, 0, SECONDS);
        Map<String, Long> after = cpuByPool();
        StringBuilder pools = new StringBuilder();
        after.forEach((pool, ns) -> {
          double ms = (ns - before.getOrDefault(pool, 0L)) / 1e6 / Math.max(1, res.ok());
          if (ms >= 0.05) pools.append(pools.isEmpty() ? "" : ", ").append(String.format("%s %.2f", pool, ms));
        });
        out.append(String.format("| %d | %s | %.1f | %d | %d | %s |%n", r, phase[0], res.okPerSecond(), res.p50(), res.p99(), pools));
        if (res.other() > 0) out.append("(other statuses: ").append(res.statuses()).append(")\n");
        sums[i++] += res.okPerSecond();
      }
    }
    out.append(String.format("%nS3 / local, 201/s over the rounds: %.2fx%n", sums[1] / sums[0]));
    Path file = Path.of("target/bench/artwork-storage.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, out);
    System.out.println(out);
    System.exit(0);
  }

  private static WebClient client(Vertx vertx, TestApp app) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
  }

  /** CPU nanoseconds of every live thread, summed by its name without the trailing number. */
  static Map<String, Long> cpuByPool() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<String, Long> pools = new TreeMap<>();
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) continue;
      long ns = threads.getThreadCpuTime(info.getThreadId());
      if (ns < 0) continue;
      String pool = info.getThreadName().replaceAll("[-_ #]*\\d+$", "").replaceAll("qtp\\d+", "s3proxy (jetty)");
      pools.merge(pool, ns, Long::sum);
    }
    return pools;
  }
}
