package chorus.bench.load;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load on {@code POST /api/fan/artwork} (every request a new fan and name, so every one renders four
 * sizes): first closed-loop at the pool's capacity, then open-loop at three times the rate it reached,
 * counting 201s, 503s (with Retry-After) and anything else, with latency percentiles and heap after GC.
 * Run: {@code ./mvnw -q test-compile org.codehaus.mojo:exec-maven-plugin:3.6.2:java -Dexec.classpathScope=test
 * -Dexec.mainClass=chorus.bench.load.ArtworkLoad}
 */
public final class ArtworkLoad {
  private static final int SECONDS = Integer.getInteger("load.seconds", 20);

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    TestApp app = TestApp.start(vertx, TestServices.get().localStorageConfig(Map.of("render.queue", 16)));
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(app.port()),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(256));
    StringBuilder out = new StringBuilder("# POST /api/fan/artwork under load (render pool: " + Runtime.getRuntime().availableProcessors()
        + " workers, queue 16, local-disk storage)\n\n| phase | offered | 201/s | 503 | other | p50 ms | p99 ms | heap after GC MB |\n|---|---|---|---|---|---|---|---|\n");
    run(client, 8, 0, 5);                      // warm-up
    Result capacity = run(client, 4, 0, SECONDS);
    out.append(capacity.row("closed loop, 4 clients", "-"));
    double rate = capacity.okPerSecond * 3;
    Result overload = run(client, 0, rate, SECONDS);
    out.append(overload.row("open loop at 3x", String.format("%.0f/s", rate)));
    Result after = run(client, 4, 0, 5);
    out.append(after.row("closed loop again", "-"));
    out.append("\nEach 201 is four JPEGs (1400x1400, 1200x630, 1200x600, 1080x1920) drawn and stored.\n");
    Path file = Path.of("target/bench/render-load.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, out);
    System.out.println(out);
    client.close();
    app.close();
    vertx.close().await();
    System.exit(0);
  }

  record Result(int ok, int busy, int other, double okPerSecond, long p50, long p99, long heapMb, Map<Integer, Integer> statuses) {
    String row(String phase, String offered) {
      return String.format("| %s | %s | %.1f | %d | %d%s | %d | %d | %d |%n", phase, offered, okPerSecond, busy, other,
          other > 0 ? " " + statuses : "", p50, p99, heapMb);
    }
  }

  /** {@code clients > 0}: closed loop with that many; else open loop at {@code rate} requests per second. */
  static Result run(WebClient client, int clients, double rate, int seconds) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger ok = new AtomicInteger(), busy = new AtomicInteger(), other = new AtomicInteger();
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Future<Void>> loops = new ArrayList<>();
    if (clients > 0) {
      for (int i = 0; i < clients; i++) {
        Promise<Void> done = Promise.promise();
        loop(client, end, latencies, ok, busy, other, statuses, done);
        loops.add(done.future());
      }
    } else {
      long interval = (long) (1_000_000_000L / rate);
      for (long t = System.nanoTime(); t < end; t += interval) {
        long wait = t - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        loops.add(one(client, latencies, ok, busy, other, statuses).mapEmpty());
      }
    }
    Future.join(loops).toCompletionStage().toCompletableFuture().get();
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1 << 20);
    return new Result(ok.get(), busy.get(), other.get(), ok.get() / (double) seconds, pct(sorted, 50), pct(sorted, 99), heap, statuses);
  }

  private static void loop(WebClient client, long end, List<Long> lat, AtomicInteger ok, AtomicInteger busy, AtomicInteger other,
                           Map<Integer, Integer> statuses, Promise<Void> done) {
    if (System.nanoTime() >= end) {
      done.complete();
      return;
    }
    one(client, lat, ok, busy, other, statuses).onComplete(ar -> loop(client, end, lat, ok, busy, other, statuses, done));
  }

  private static Future<HttpResponse<Buffer>> one(WebClient client, List<Long> lat, AtomicInteger ok, AtomicInteger busy,
                                                  AtomicInteger other, Map<Integer, Integer> statuses) {
    long t0 = System.nanoTime();
    JsonObject body = new JsonObject().put("name", "Fan " + UUID.randomUUID().toString().substring(0, 8)).put("team", "aurora").put("lang", "en");
    return client.post("/api/fan/artwork").putHeader("Authorization", "Bearer " + UUID.randomUUID()).sendJsonObject(body)
        .onComplete(ar -> {
          int status = ar.succeeded() ? ar.result().statusCode() : -1;
          statuses.merge(status, 1, Integer::sum);
          if (status == 201) {
            ok.incrementAndGet();
            lat.add((System.nanoTime() - t0) / 1_000_000);
          } else if (status == 503 && "2".equals(ar.result().getHeader("Retry-After"))) {
            busy.incrementAndGet();
          } else {
            other.incrementAndGet();
          }
        });
  }

  private static long pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) return -1;
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
