package chorus.jobs;

import static chorus.support.Sql.count;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.app.Launcher;
import chorus.app.MainVerticle;
import chorus.core.Config;
import chorus.db.Database;
import chorus.support.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A 3x burst on two containers: the queue grows during the burst, drains afterwards, loses and doubles
 * nothing; the depth metric follows it, and the HTTP latency of the container that also works jobs is measured.
 */
class JobBurstTest {
  static final String KIND = "test.burst";
  static final long WORK_MILLIS = 60;   // per job, blocking; 2 containers x 2 threads: about 66 jobs/s at most
  static final int STEADY_PER_SECOND = 30;

  @Test
  void aThreeTimesBurstGrowsTheQueueWhichThenDrainsWithNothingLostOrDoubled() throws Exception {
    Vertx setup = Vertx.vertx();
    Pool pool = JobTestSupport.database(setup);
    JobTestSupport.clean(pool);
    Config config = TestServices.get().config(Map.of("role", "both", "jobs.workers", 2, "jobs.pollMillis", 200,
        "jobs.leaseSeconds", 10));
    Vertx a = Launcher.newVertx();
    Vertx b = Vertx.vertx();
    try {
      Pool pa = Database.pool(a, config);
      Pool pb = Database.pool(b, config);
      // container A: the whole app (HTTP and jobs); container B: a worker alone
      a.deployVerticle(new MainVerticle(new JobHandlers().register(KIND, work(pa, "a"), Duration.ofSeconds(10))),
          new DeploymentOptions().setConfig(config.json())).await(60, TimeUnit.SECONDS);
      JobTestSupport.deploy(b, pb, config, new JobHandlers().register(KIND, work(pb, "b"), Duration.ofSeconds(10)));
      JobQueue queue = new JobQueue(setup, pool);
      JobMetrics metrics = new JobMetrics(new SimpleMeterRegistry());
      metrics.known(java.util.Set.of(KIND)); // the gauges exist (at 0) before the first job, as the app's do

      String health = "http://127.0.0.1:" + config.integer("http.port") + "/health/live";
      probe(health, 500); // warm-up: client and connection
      List<Long> baseline = probe(health, 3_000);

      List<long[]> depth = Collections.synchronizedList(new ArrayList<>()); // {millis since start, queued}
      AtomicBoolean sampling = new AtomicBoolean(true);
      long t0 = System.nanoTime();
      Thread sampler = new Thread(() -> {
        while (sampling.get()) {
          metrics.refresh(queue).await();
          depth.add(new long[] {(System.nanoTime() - t0) / 1_000_000,
              (long) metrics.registry().find("chorus.jobs.depth").tags("kind", KIND, "state", "queued").gauge().value()});
          sleep(250);
        }
      });
      sampler.start();
      List<Long> duringBurst = Collections.synchronizedList(new ArrayList<>());
      Thread prober = new Thread(() -> duringBurst.addAll(probe(health, 10_000)));
      int enqueued = 0;
      enqueued += load(queue, STEADY_PER_SECOND, 3);
      long burstStart = (System.nanoTime() - t0) / 1_000_000;
      prober.start();
      enqueued += load(queue, 3 * STEADY_PER_SECOND, 4);
      long burstEnd = (System.nanoTime() - t0) / 1_000_000;
      enqueued += load(queue, STEADY_PER_SECOND, 3);
      long lastEnqueue = System.nanoTime();
      int total = enqueued;
      boolean drained = chorus.support.Sql.eventually(60, () -> count(pool, "SELECT count(*) FROM jobs WHERE state = 'done'") == total);
      double drainSeconds = (System.nanoTime() - lastEnqueue) / 1e9;
      sampling.set(false);
      sampler.join();
      prober.join();
      metrics.refresh(queue).await();
      depth.add(new long[] {(System.nanoTime() - t0) / 1_000_000,
          (long) metrics.registry().find("chorus.jobs.depth").tags("kind", KIND, "state", "queued").gauge().value()});

      long maxDepth = depth.stream().mapToLong(d -> d[1]).max().orElse(0);
      long depthAtBurstStart = depth.stream().filter(d -> d[0] <= burstStart).mapToLong(d -> d[1]).max().orElse(0);
      long lastDepth = depth.get(depth.size() - 1)[1];
      System.out.printf("burst: %d jobs (steady %d/s, burst %d/s, ~%d/s capacity); queued depth max %d (before the burst at most %d),"
              + " last %d; drained %.1f s after the last enqueue%n", total, STEADY_PER_SECOND, 3 * STEADY_PER_SECOND,
          4 * 1000 / WORK_MILLIS, maxDepth, depthAtBurstStart, lastDepth, drainSeconds);
      System.out.printf("HTTP /health/live on the container working jobs: idle p50 %.1f ms p99 %.1f ms; during the burst p50 %.1f ms p99 %.1f ms%n",
          pct(baseline, 50), pct(baseline, 99), pct(duringBurst, 50), pct(duringBurst, 99));
      System.out.println("depth samples (ms, queued): " + depth.stream().map(d -> d[0] + ":" + d[1]).toList());

      assertThat(drained).as("every job done").isTrue();
      assertThat(count(pool, "SELECT count(*) FROM job_effects")).as("no job ran twice").isEqualTo(total);
      assertThat(count(pool, "SELECT count(DISTINCT job_id) FROM job_effects")).isEqualTo(total);
      assertThat(count(pool, "SELECT count(*) FROM jobs WHERE state <> 'done'")).isZero();
      assertThat(count(pool, "SELECT count(*) FROM job_effects WHERE owner = 'a'")).isPositive();
      assertThat(count(pool, "SELECT count(*) FROM job_effects WHERE owner = 'b'")).isPositive();
      assertThat(maxDepth).as("the queue grew during the burst").isGreaterThan(Math.max(40, 2 * depthAtBurstStart));
      assertThat(depth.stream().filter(d -> d[0] > burstEnd).mapToLong(d -> d[1]).min().orElse(-1))
          .as("and drained back to empty").isZero();
      assertThat(pct(duringBurst, 50)).as("HTTP stays responsive while jobs run").isLessThan(100.0);
      assertThat(pct(duringBurst, 99)).isLessThan(500.0);
    } finally {
      a.close().await(30, TimeUnit.SECONDS);
      b.close().await();
      setup.close().await();
    }
  }

  static JobHandler work(Pool pool, String who) {
    return job -> {
      Thread.sleep(WORK_MILLIS);
      JobHandler.await(pool.preparedQuery("INSERT INTO job_effects (job_id, owner, phase) VALUES ($1, $2, 'done')")
          .execute(Tuple.of(job.id(), who)));
    };
  }

  /** Enqueues {@code perSecond} jobs a second for {@code seconds}, in ten slices a second; answers how many. */
  static int load(JobQueue queue, int perSecond, int seconds) {
    int n = 0;
    long next = System.nanoTime();
    for (int slice = 0; slice < seconds * 10; slice++) {
      List<Future<Long>> batch = new ArrayList<>();
      for (int i = 0; i < perSecond / 10; i++) batch.add(queue.enqueue(KIND, new JsonObject().put("slice", slice), JobOptions.DEFAULTS));
      Future.all(batch).await();
      n += batch.size();
      next += 100_000_000L;
      sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
    }
    return n;
  }

  /** GETs {@code url} every 20 ms for {@code millis}; answers the latencies in microseconds. */
  static List<Long> probe(String url, long millis) {
    HttpClient http = HttpClient.newHttpClient();
    List<Long> out = new ArrayList<>();
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      long t = System.nanoTime();
      try {
        int status = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) throw new IllegalStateException("health answered " + status);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      out.add((System.nanoTime() - t) / 1_000);
      sleep(20);
    }
    return out;
  }

  static double pct(List<Long> micros, int p) {
    List<Long> s = new ArrayList<>(micros);
    Collections.sort(s);
    return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)) / 1000.0;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
