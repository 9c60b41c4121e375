package chorus.jobs;

import static chorus.support.Sql.count;
import static chorus.support.Sql.eventually;
import static chorus.support.Sql.sql;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.Config;
import chorus.db.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job worker verticle on real PostgreSQL: two instances, retries, ceilings, heartbeats, stop, metrics. */
class JobWorkerTest {
  static Vertx vertx;
  static Pool pool;
  Vertx a, b;

  @BeforeAll
  static void startAll() {
    vertx = Vertx.vertx();
    pool = JobTestSupport.database(vertx);
  }

  @AfterAll
  static void stopAll() {
    vertx.close().await();
  }

  @BeforeEach
  void clean() {
    JobTestSupport.clean(pool);
    a = Vertx.vertx();
    b = Vertx.vertx();
  }

  @AfterEach
  void close() {
    a.close().await();
    b.close().await();
  }

  /** A handler that records each run in job_effects under the worker's name. */
  static JobHandler recording(Pool on, String who, long sleepMillis) {
    return job -> {
      if (sleepMillis > 0) Thread.sleep(sleepMillis);
      JobHandler.await(on.preparedQuery("INSERT INTO job_effects (job_id, owner, phase) VALUES ($1, $2, 'done')")
          .execute(io.vertx.sqlclient.Tuple.of(job.id(), who)));
    };
  }

  static JobTestSupport.Worker worker(Vertx on, String who, Map<String, Object> settings, JobHandlers handlers) {
    Config c = JobTestSupport.config(settings);
    return JobTestSupport.deploy(on, Database.pool(on, c), c, handlers);
  }

  static long enqueue(String kind, JobOptions options) {
    return new JobQueue(vertx, pool).enqueue(kind, new JsonObject(), options).await();
  }

  static double counter(MeterRegistry r, String name, String kind) {
    var c = r.find(name).tags("kind", kind).counter();
    return c == null ? 0 : c.count();
  }

  static double gauge(MeterRegistry r, String name, String... tags) {
    var g = r.find(name).tags(tags).gauge();
    return g == null ? -1 : g.value();
  }

  @Test
  void twoContainersShareTheQueueAndRunEveryJobExactlyOnce() {
    Pool pa = Database.pool(a, JobTestSupport.config(Map.of()));
    Pool pb = Database.pool(b, JobTestSupport.config(Map.of()));
    JobTestSupport.Worker wa = worker(a, "a", Map.of(), new JobHandlers().register("test.run", recording(pa, "a", 2), Duration.ofSeconds(10)));
    JobTestSupport.Worker wb = worker(b, "b", Map.of(), new JobHandlers().register("test.run", recording(pb, "b", 2), Duration.ofSeconds(10)));
    int n = 300;
    sql(pool, "INSERT INTO jobs (kind) SELECT 'test.run' FROM generate_series(1, $1)", n);
    wa.queue().wake("test.run");
    wb.queue().wake("test.run");
    assertThat(eventually(60, () -> count(pool, "SELECT count(*) FROM jobs WHERE state = 'done'") == n)).isTrue();
    assertThat(count(pool, "SELECT count(*) FROM job_effects")).isEqualTo(n);
    assertThat(count(pool, "SELECT count(DISTINCT job_id) FROM job_effects")).isEqualTo(n);
    assertThat(count(pool, "SELECT count(*) FROM job_effects WHERE owner = 'a'")).isPositive();
    assertThat(count(pool, "SELECT count(*) FROM job_effects WHERE owner = 'b'")).isPositive();
    assertThat(counter(wa.metrics().registry(), "chorus.jobs.completed", "test.run") + counter(wb.metrics().registry(), "chorus.jobs.completed", "test.run"))
        .isEqualTo(n);
    assertThat(count(pool, "SELECT max(attempts) FROM jobs")).isEqualTo(1);
  }

  @Test
  void aFailingHandlerIsRetriedWithGrowingDelaysThenDeadLetteredAndCounted() {
    AtomicInteger calls = new AtomicInteger();
    JobTestSupport.Worker w = worker(a, "a", Map.of("jobs.retryBaseMillis", 200, "jobs.retryMaxMillis", 5_000),
        new JobHandlers().register("test.fail", job -> {
          calls.incrementAndGet();
          JobHandler.await(pool.preparedQuery("INSERT INTO job_effects (job_id, owner, phase) VALUES ($1, 'a', 'attempt')")
              .execute(io.vertx.sqlclient.Tuple.of(job.id())));
          throw new java.io.IOException("storage unreachable (attempt " + job.attempt() + ")");
        }, Duration.ofSeconds(10)));
    long id = enqueue("test.fail", JobOptions.DEFAULTS.maxAttempts(4));
    assertThat(eventually(30, () -> "dead".equals(state(id)))).isTrue();
    Row r = sql(pool, "SELECT attempts, last_error FROM jobs WHERE id = $1", id).iterator().next();
    assertThat(r.getInteger("attempts")).isEqualTo(4);
    assertThat(r.getString("last_error")).isEqualTo("IOException: storage unreachable (attempt 4)");
    assertThat(calls.get()).isEqualTo(4);
    MeterRegistry reg = w.metrics().registry();
    assertThat(counter(reg, "chorus.jobs.attempts", "test.fail")).isEqualTo(4);
    assertThat(counter(reg, "chorus.jobs.failures", "test.fail")).isEqualTo(4);
    assertThat(counter(reg, "chorus.jobs.dead", "test.fail")).isEqualTo(1);
    assertThat(reg.find("chorus.jobs.duration").tags("kind", "test.fail", "outcome", "failed").timer().count()).isEqualTo(4);
    w.metrics().refresh(w.queue()).await();
    assertThat(gauge(reg, "chorus.jobs.depth", "kind", "test.fail", "state", "dead")).isEqualTo(1);
    assertThat(gauge(reg, "chorus.jobs.depth", "kind", "test.fail", "state", "queued")).isEqualTo(0);
  }

  @Test
  void depthAndAgeOfTheOldestQueuedJobAreMetrics() throws Exception {
    JobTestSupport.Worker w = worker(a, "a", Map.of(), new JobHandlers().register("test.idle", job -> {}, Duration.ofSeconds(1)));
    w.undeploy(); // gauges only: nothing claims
    sql(pool, "INSERT INTO jobs (kind, run_at) SELECT 'test.wait', now() - interval '90 seconds' FROM generate_series(1, 7)");
    sql(pool, "INSERT INTO jobs (kind, run_at) VALUES ('test.wait', now() + interval '1 hour')");
    sql(pool, "INSERT INTO jobs (kind, state, lease_owner, lease_until) VALUES ('test.wait', 'running', 'x', now() + interval '1 minute')");
    sql(pool, "INSERT INTO jobs (kind, state) VALUES ('test.wait', 'done')");
    w.metrics().refresh(w.queue()).await();
    MeterRegistry reg = w.metrics().registry();
    assertThat(gauge(reg, "chorus.jobs.depth", "kind", "test.wait", "state", "queued")).isEqualTo(8);
    assertThat(gauge(reg, "chorus.jobs.depth", "kind", "test.wait", "state", "running")).isEqualTo(1);
    assertThat(gauge(reg, "chorus.jobs.depth", "kind", "test.idle", "state", "queued")).as("registered kinds show 0").isEqualTo(0);
    assertThat(gauge(reg, "chorus.jobs.oldest", "kind", "test.wait")).isBetween(90.0, 120.0);
    sql(pool, "DELETE FROM jobs WHERE kind = 'test.wait'");
    w.metrics().refresh(w.queue()).await();
    assertThat(gauge(reg, "chorus.jobs.depth", "kind", "test.wait", "state", "queued")).as("drained back to 0").isEqualTo(0);
    assertThat(gauge(reg, "chorus.jobs.oldest", "kind", "test.wait")).isEqualTo(0);
  }

  @Test
  void anAttemptPastItsTimeCeilingIsInterruptedAndRetried() {
    AtomicReference<Boolean> interrupted = new AtomicReference<>(false);
    worker(a, "a", Map.of(), new JobHandlers().register("test.slow", job -> {
      if (job.attempt() == 1) {
        try {
          Thread.sleep(30_000);
        } catch (InterruptedException e) {
          interrupted.set(true);
          throw e;
        }
      }
      JobHandler.await(pool.preparedQuery("INSERT INTO job_effects (job_id, owner, phase) VALUES ($1, 'a', 'done')")
          .execute(io.vertx.sqlclient.Tuple.of(job.id())));
    }, Duration.ofMillis(500)));
    long id = enqueue("test.slow", JobOptions.DEFAULTS);
    assertThat(eventually(15, () -> "done".equals(state(id)))).isTrue();
    assertThat(interrupted.get()).isTrue();
    Row r = sql(pool, "SELECT attempts FROM jobs WHERE id = $1", id).iterator().next();
    assertThat(r.getInteger(0)).isEqualTo(2);
    assertThat(count(pool, "SELECT count(*) FROM job_effects WHERE job_id = $1", id)).isEqualTo(1);
  }

  @Test
  void heartbeatsKeepALongJobFromAnotherContainerUntilItFinishes() {
    Pool pa = Database.pool(a, JobTestSupport.config(Map.of()));
    Pool pb = Database.pool(b, JobTestSupport.config(Map.of()));
    // lease 3 s, job 7 s: without heartbeats B would take it over after 3 s
    worker(a, "a", Map.of(), new JobHandlers().register("test.long", recording(pa, "a", 7_000), Duration.ofSeconds(30)));
    long id = enqueue("test.long", JobOptions.DEFAULTS);
    assertThat(eventually(10, () -> "running".equals(state(id)))).isTrue();
    worker(b, "b", Map.of(), new JobHandlers().register("test.long", recording(pb, "b", 0), Duration.ofSeconds(30)));
    assertThat(eventually(20, () -> "done".equals(state(id)))).isTrue();
    assertThat(sql(pool, "SELECT owner FROM job_effects WHERE job_id = $1", id).iterator().next().getString(0)).isEqualTo("a");
    assertThat(count(pool, "SELECT count(*) FROM job_effects")).isEqualTo(1);
    assertThat(count(pool, "SELECT attempts FROM jobs WHERE id = $1", id)).isEqualTo(1);
  }

  @Test
  void onStopARunningJobGetsItsGraceThenItsLeaseIsReleasedForAnotherContainer() {
    Pool pb = Database.pool(b, JobTestSupport.config(Map.of()));
    JobTestSupport.Worker wa = worker(a, "a", Map.of("jobs.shutdownSeconds", 1, "jobs.leaseSeconds", 60),
        new JobHandlers().register("test.stop", job -> Thread.sleep(60_000), Duration.ofSeconds(120)));
    long id = enqueue("test.stop", JobOptions.DEFAULTS);
    assertThat(eventually(10, () -> "running".equals(state(id)))).isTrue();
    long t0 = System.nanoTime();
    wa.undeploy();
    assertThat((System.nanoTime() - t0) / 1e9).as("stop waited its grace, not the 60 s lease").isBetween(0.9, 10.0);
    Row r = sql(pool, "SELECT state, attempts, lease_owner FROM jobs WHERE id = $1", id).iterator().next();
    assertThat(r.getString("state")).isEqualTo("queued");
    assertThat(r.getInteger("attempts")).as("the interrupted attempt does not count").isZero();
    worker(b, "b", Map.of("jobs.leaseSeconds", 60), new JobHandlers().register("test.stop", recording(pb, "b", 0), Duration.ofSeconds(10)));
    assertThat(eventually(10, () -> "done".equals(state(id)))).as("taken at once, not after the lease").isTrue();
  }

  @Test
  void onStopAShortJobFinishesInsteadOfBeingReleased() {
    Pool pa = Database.pool(a, JobTestSupport.config(Map.of()));
    JobTestSupport.Worker wa = worker(a, "a", Map.of("jobs.shutdownSeconds", 10),
        new JobHandlers().register("test.short", recording(pa, "a", 1_500), Duration.ofSeconds(30)));
    long id = enqueue("test.short", JobOptions.DEFAULTS);
    assertThat(eventually(10, () -> "running".equals(state(id)))).isTrue();
    wa.undeploy();
    assertThat(state(id)).isEqualTo("done");
    assertThat(count(pool, "SELECT count(*) FROM job_effects WHERE job_id = $1", id)).isEqualTo(1);
  }

  @Test
  void aJobNeverRunsBeyondItsPoolOfWorkers() {
    AtomicInteger now = new AtomicInteger(), most = new AtomicInteger();
    worker(a, "a", Map.of("jobs.workers", 3), new JobHandlers().register("test.bounded", job -> {
      int n = now.incrementAndGet();
      most.accumulateAndGet(n, Math::max);
      assertThat(Thread.currentThread().getName()).startsWith("chorus-jobs-");
      Thread.sleep(100);
      now.decrementAndGet();
    }, Duration.ofSeconds(10)));
    sql(pool, "INSERT INTO jobs (kind) SELECT 'test.bounded' FROM generate_series(1, 30)");
    assertThat(eventually(20, () -> count(pool, "SELECT count(*) FROM jobs WHERE state = 'done'") == 30)).isTrue();
    assertThat(most.get()).isEqualTo(3);
  }

  static String state(long id) {
    return sql(pool, "SELECT state FROM jobs WHERE id = $1", id).iterator().next().getString(0);
  }
}
