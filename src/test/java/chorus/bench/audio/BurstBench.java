package chorus.bench.audio;

import chorus.app.Launcher;
import chorus.audio.TakeFixtures;
import chorus.audio.TakeFixtures.Format;
import chorus.core.Config;
import chorus.db.Database;
import chorus.fan.TakeAnalysis;
import chorus.support.AppProcess;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A 3x burst of completed takes against the real app: real generated WebM/Opus takes uploaded and completed over
 * HTTP (each completion queues an {@code audio.take} job), at three times the rate the workers were measured to
 * drain, while two real API routes ({@code GET /api/fan} with a bearer, {@code GET /api/campaign}) are probed at a
 * fixed rate (open loop: a slow answer does not delay the next probe) before, during and after the burst.
 * Reports p50/p99 per phase, the queue depth over time as {@code /metrics} shows it (the gauge an autoscaler
 * follows) and as the table holds it, the time to drain, and checks every take got its verdict from exactly one
 * job attempt.
 *
 * <p>Modes: {@code both} (one JVM, HTTP and jobs) or {@code split} (this JVM in role {@code web}, a second JVM in
 * role {@code worker}, the recommended deployment; {@code split-nice}: that worker at {@code nice 19}, which on one shared
 * machine stands in for the worker having cores of its own). Run with {@code bench/audio/burst.sh [both|split|split-nice] [burstSeconds]
 * [takeSeconds]}.
 */
public final class BurstBench {
  static final int PROBE_EVERY_MS = 50; // 20 probes a second, alternating the two routes
  static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8))
      .connectTimeout(Duration.ofSeconds(5)).build();
  static volatile String phase = "warm-up";

  record Sample(String phase, String route, double millis, int status) {}

  record Take(String token, String id) {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "both"; // both | split | split-nice
    int burstSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    double takeSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 20;
    if (!List.of("both", "split", "split-nice").contains(mode)) throw new IllegalArgumentException("mode is both, split or split-nice");
    Path out = Path.of("target", "bench-audio");
    Files.createDirectories(out);

    Config config = TestServices.get().config(Map.of("role", mode.equals("both") ? "both" : "web"));
    Vertx vertx = Launcher.newVertx();
    TestApp app = TestApp.start(vertx, config);
    Process worker = null;
    if (mode.startsWith("split")) worker = startWorker(config, out, mode.equals("split-nice"));
    Pool pool = Database.pool(vertx, config);
    String base = "http://127.0.0.1:" + config.integer("http.port");
    String metrics = "http://127.0.0.1:" + config.integer("metrics.port") + "/metrics";
    byte[] take = Files.readAllBytes(TakeFixtures.encode("burst-sung-" + (int) takeSeconds, TakeFixtures.sung(takeSeconds, 11), Format.WEBM));
    System.out.printf("burst benchmark, mode %s: takes of %.0f s WebM/Opus (%d bytes), burst %d s, probes every %d ms%n",
        mode, takeSeconds, take.length, burstSeconds, PROBE_EVERY_MS);

    try {
      // the probe fan has a take of its own, so GET /api/fan reads a real row with a verdict
      Take probeFan = upload(base, take, takeSeconds);
      complete(base, probeFan).join();
      List<Take> warm = uploadAll(base, take, takeSeconds, 8);
      warm.forEach(t -> complete(base, t).join());
      waitForVerdicts(pool, append(warm, probeFan), 600);

      // calibration: a batch completed at once, the rate at which the workers drain it
      List<Take> batch = uploadAll(base, take, takeSeconds, 24);
      long c0 = System.nanoTime();
      batch.forEach(t -> complete(base, t).join());
      waitForVerdicts(pool, batch, 600);
      double drainRate = batch.size() / ((System.nanoTime() - c0) / 1e9);
      double burstRate = 3 * drainRate;
      int n = (int) Math.round(burstRate * burstSeconds);
      System.out.printf("workers drain %.2f takes/s (%d takes); burst: %d takes at %.2f/s%n", drainRate, batch.size(), n, burstRate);
      List<Take> burst = uploadAll(base, take, takeSeconds, n);

      List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
      List<String> depth = Collections.synchronizedList(new ArrayList<>());
      ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
      long t0 = System.nanoTime();
      int[] tick = {0};
      clock.scheduleAtFixedRate(() -> {
        boolean fan = tick[0]++ % 2 == 0;
        String p = phase;
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + (fan ? "/api/fan" : "/api/campaign"))).timeout(Duration.ofSeconds(30));
        if (fan) r.header("Authorization", "Bearer " + probeFan.token());
        long s = System.nanoTime();
        HTTP.sendAsync(r.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((res, e) ->
            samples.add(new Sample(p, fan ? "GET /api/fan" : "GET /api/campaign", (System.nanoTime() - s) / 1e6, e == null ? res.statusCode() : -1)));
      }, 0, PROBE_EVERY_MS, TimeUnit.MILLISECONDS);
      List<UUID> ids = burst.stream().map(t -> UUID.fromString(t.id())).toList();
      clock.scheduleAtFixedRate(() -> {
        try {
          Row q = pool.query("SELECT count(*) FILTER (WHERE state = 'queued'), count(*) FILTER (WHERE state = 'running') FROM jobs"
              + " WHERE kind = 'audio.take'").execute().await().iterator().next();
          String scraped = get(metrics);
          depth.add(String.format("%.0f:%s/%s|%d/%d", (System.nanoTime() - t0) / 1e9, gauge(scraped, "queued"), gauge(scraped, "running"),
              q.getLong(0), q.getLong(1)));
        } catch (Exception e) {
          depth.add("error " + e);
        }
      }, 0, 1, TimeUnit.SECONDS);

      phase = "idle";
      Thread.sleep(10_000);
      phase = "burst";
      long burstStart = System.nanoTime();
      List<CompletableFuture<Integer>> completions = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long due = burstStart + (long) (i / burstRate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
        completions.add(complete(base, burst.get(i)));
      }
      double submitSeconds = (System.nanoTime() - burstStart) / 1e9;
      phase = "draining";
      long burstEnd = System.nanoTime();
      long refused = completions.stream().map(CompletableFuture::join).filter(s -> s != 200).count();
      waitForVerdicts(pool, burst, 1800);
      long drained = System.nanoTime();
      phase = "after";
      Thread.sleep(10_000);
      clock.shutdown();
      clock.awaitTermination(10, TimeUnit.SECONDS);
      Thread.sleep(2_000);

      System.out.printf("burst: %d takes completed in %.1f s (%d completions not 200); drained %.1f s after the last completion,"
              + " %.1f s after the first (%.2f takes/s while draining)%n", n, submitSeconds, refused, (drained - burstEnd) / 1e9,
          (drained - burstStart) / 1e9, n / ((drained - burstStart) / 1e9));
      report(samples);
      System.out.println("queue over time (s since probes began: /metrics queued/running | jobs table queued/running): " + depth);
      exactlyOnce(pool, ids);
    } finally {
      if (worker != null) worker.destroyForcibly().waitFor();
      app.close();
      System.exit(0);
    }
  }

  static List<Take> append(List<Take> takes, Take one) {
    List<Take> all = new ArrayList<>(takes);
    all.add(one);
    return all;
  }

  /** The worker JVM; {@code nice}: at the lowest CPU priority, as if the web tier had the cores to itself first. */
  static Process startWorker(Config config, Path out, boolean nice) throws Exception {
    JsonObject json = config.json().copy().put("role", "worker").put("http.port", TestServices.freePort())
        .put("metrics.port", TestServices.freePort());
    // its job failures and retries are logged at INFO
    Process p = AppProcess.start(json, out.resolve("burst-worker.log"), nice ? List.of("nice", "-n", "19") : List.of(),
        Map.of("CHORUS_LOG_LEVEL", "INFO"));
    System.out.println("worker JVM up (pid " + p.pid() + ")");
    return p;
  }

  /** A new fan asks for an upload target and uploads the take, as the browser does; the take is not completed yet. */
  static Take upload(String base, byte[] take, double seconds) throws Exception {
    String token = UUID.randomUUID().toString();
    JsonObject ask = new JsonObject().put("contentType", "audio/webm").put("bytes", take.length).put("durationMs", (long) (seconds * 1000));
    HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/fan/recordings"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(ask.encode())).build(), HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) throw new IOException("upload target: " + created.statusCode() + " " + created.body());
    JsonObject target = new JsonObject(created.body());
    JsonObject up = target.getJsonObject("upload");
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(up.getString("url"))).PUT(HttpRequest.BodyPublishers.ofByteArray(take));
    up.getJsonObject("headers").forEach(h -> {
      if (!h.getKey().equalsIgnoreCase("content-length")) put.header(h.getKey(), String.valueOf(h.getValue()));
    });
    HttpResponse<String> stored = HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString());
    if (stored.statusCode() != 200) throw new IOException("upload: " + stored.statusCode() + " " + stored.body());
    return new Take(token, target.getString("recordingId"));
  }

  static List<Take> uploadAll(String base, byte[] take, double seconds, int n) throws Exception {
    List<Take> all = new ArrayList<>();
    for (int i = 0; i < n; i++) all.add(upload(base, take, seconds));
    return all;
  }

  static CompletableFuture<Integer> complete(String base, Take t) {
    return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/fan/recordings/" + t.id() + "/complete"))
        .header("Authorization", "Bearer " + t.token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::statusCode);
  }

  static void waitForVerdicts(Pool pool, List<Take> takes, int seconds) throws Exception {
    UUID[] ids = takes.stream().map(t -> UUID.fromString(t.id())).toArray(UUID[]::new);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      long pending = pool.preparedQuery("SELECT count(*) FROM recordings WHERE id = ANY($1) AND verdict = 'pending'")
          .execute(Tuple.of(ids)).await().iterator().next().getLong(0);
      if (pending == 0) return;
      Thread.sleep(100);
    }
    throw new IllegalStateException("takes still pending after " + seconds + " s");
  }

  static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  static String gauge(String scraped, String state) {
    Matcher m = Pattern.compile("chorus_jobs_depth\\{[^}]*kind=\"audio\\.take\"[^}]*state=\"" + state + "\"[^}]*} ([0-9.eE+-]+)").matcher(scraped);
    return m.find() ? String.valueOf((long) Double.parseDouble(m.group(1))) : "?";
  }

  static void report(List<Sample> samples) {
    Map<String, List<Sample>> by = new TreeMap<>();
    synchronized (samples) {
      for (Sample s : samples) if (!s.phase().equals("warm-up")) by.computeIfAbsent(s.route() + " | " + s.phase(), k -> new ArrayList<>()).add(s);
    }
    System.out.println("route | phase | probes | not 200 | p50 ms | p99 ms | max ms");
    for (String phase : List.of("idle", "burst", "draining", "after")) {
      for (String route : List.of("GET /api/fan", "GET /api/campaign")) {
        List<Sample> l = by.getOrDefault(route + " | " + phase, List.of());
        double[] ms = l.stream().mapToDouble(Sample::millis).sorted().toArray();
        long bad = l.stream().filter(s -> s.status() != 200).count();
        System.out.printf("%s | %s | %d | %d | %.1f | %.1f | %.1f%n", route, phase, ms.length, bad, pct(ms, 50), pct(ms, 99),
            ms.length == 0 ? 0 : ms[ms.length - 1]);
      }
    }
  }

  static double pct(double[] sorted, double p) {
    if (sorted.length == 0) return Double.NaN;
    return sorted[Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }

  /**
   * Every burst take has a verdict, from one job (by its dedupe key) that is done. A job may have needed more than
   * one attempt (a failed attempt is retried with backoff); the verdict is saved only by the attempt that succeeds.
   */
  static void exactlyOnce(Pool pool, List<UUID> ids) {
    String[] keys = ids.stream().map(TakeAnalysis::dedupeKey).toArray(String[]::new);
    Row jobs = pool.preparedQuery("SELECT count(*) AS jobs, count(DISTINCT dedupe_key) AS keys, count(*) FILTER (WHERE state = 'done') AS done,"
            + " count(*) FILTER (WHERE attempts <> 1) AS retried FROM jobs WHERE dedupe_key = ANY($1)")
        .execute(Tuple.of(keys)).await().iterator().next();
    Map<String, Long> verdicts = new TreeMap<>();
    pool.preparedQuery("SELECT verdict, count(*) FROM recordings WHERE id = ANY($1) GROUP BY verdict")
        .execute(Tuple.of(ids.toArray(new UUID[0]))).await().forEach(r -> verdicts.put(r.getString(0), r.getLong(1)));
    pool.preparedQuery("SELECT attempts, coalesce(last_error, '-') AS error, count(*) FROM jobs WHERE dedupe_key = ANY($1) AND attempts <> 1"
            + " GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 10").execute(Tuple.of(keys)).await()
        .forEach(r -> System.out.printf("  %d jobs took %d attempts; last error: %s%n", r.getLong(2), r.getInteger(0), r.getString(1)));
    boolean ok = jobs.getLong("jobs") == ids.size() && jobs.getLong("keys") == ids.size() && jobs.getLong("done") == ids.size()
        && !verdicts.containsKey("pending") && verdicts.values().stream().mapToLong(Long::longValue).sum() == ids.size();
    System.out.printf("exactly once: %d takes, %d audio.take jobs for %d distinct takes, %d done, %d with more than one attempt; verdicts %s -> %s%n",
        ids.size(), jobs.getLong("jobs"), jobs.getLong("keys"), jobs.getLong("done"), jobs.getLong("retried"), verdicts, ok ? "OK" : "FAILED");
  }
}
