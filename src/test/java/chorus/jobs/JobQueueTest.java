package chorus.jobs;

import static chorus.support.Sql.count;
import static chorus.support.Sql.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.core.Config;
import chorus.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The queue's SQL against real PostgreSQL: exclusivity, leases, retries, dead letters, priorities, dedupe, plans. */
class JobQueueTest {
  static final Set<String> KINDS = Set.of("test.a", "test.b");
  static Vertx vertx;
  static Pool pool;
  static JobQueue queue;

  @BeforeAll
  static void startAll() {
    vertx = Vertx.vertx();
    pool = JobTestSupport.database(vertx);
    queue = new JobQueue(vertx, pool);
  }

  @AfterAll
  static void stopAll() {
    vertx.close().await();
  }

  @BeforeEach
  void clean() {
    JobTestSupport.clean(pool);
  }

  static long enqueue(String kind, JobOptions options) {
    return queue.enqueue(kind, new JsonObject().put("n", 1), options).await();
  }

  static List<Job> claim(int n, int leaseSeconds, String owner) {
    return queue.claim(KINDS, n, leaseSeconds, owner).await();
  }

  @Test
  void concurrentClaimsFromTwoVertxInstancesNeverHandOutAJobTwice() throws Exception {
    int n = 400;
    sql(pool, "INSERT INTO jobs (kind) SELECT 'test.a' FROM generate_series(1, $1)", n);
    Vertx other = Vertx.vertx();
    try {
      Pool otherPool = Database.pool(other, JobTestSupport.config(Map.of()));
      JobQueue[] queues = {queue, new JobQueue(other, otherPool)};
      List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
      List<Thread> threads = new ArrayList<>();
      int[] perQueue = new int[2];
      for (int t = 0; t < 8; t++) {
        int which = t % 2;
        Thread th = new Thread(() -> {
          while (true) {
            List<Job> got = queues[which].claim(KINDS, 7, 60, "owner-" + which).await();
            if (got.isEmpty()) return;
            synchronized (perQueue) {
              perQueue[which] += got.size();
            }
            for (Job j : got) claimed.add(j.id());
          }
        });
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) th.join(60_000);
      assertThat(claimed).hasSize(n);
      assertThat(new HashSet<>(claimed)).hasSize(n);
      assertThat(perQueue[0]).isPositive();
      assertThat(perQueue[1]).isPositive();
      assertThat(count(pool, "SELECT count(*) FROM jobs WHERE state = 'running' AND attempts = 1")).isEqualTo(n);
    } finally {
      other.close().await();
    }
  }

  @Test
  void anExpiredLeaseLetsAnotherWorkerTakeTheJobAndFencesTheFirst() throws Exception {
    long id = enqueue("test.a", JobOptions.DEFAULTS);
    List<Job> first = claim(10, 1, "worker-a");
    assertThat(first).extracting(Job::id).containsExactly(id);
    assertThat(claim(10, 1, "worker-b")).as("leased: nobody else gets it").isEmpty();
    Thread.sleep(1_300);
    List<Job> second = claim(10, 30, "worker-b");
    assertThat(second).extracting(Job::id).containsExactly(id);
    assertThat(second.get(0).attempt()).isEqualTo(2);
    assertThat(queue.complete(first.get(0), "worker-a").await()).as("the first worker's late result is fenced off").isFalse();
    assertThat(queue.fail(first.get(0), "worker-a", "late", false, 0).await()).isNull();
    assertThat(queue.complete(second.get(0), "worker-b").await()).isTrue();
    Row r = sql(pool, "SELECT state, lease_owner, attempts, finished_at FROM jobs WHERE id = $1", id).iterator().next();
    assertThat(r.getString("state")).isEqualTo("done");
    assertThat(r.getString("lease_owner")).isEqualTo("worker-b");
    assertThat(r.getInteger("attempts")).isEqualTo(2);
    assertThat(r.getValue("finished_at")).isNotNull();
  }

  @Test
  void aHeartbeatKeepsTheLeaseAndAnswersWhatIsStillHeld() throws Exception {
    long id = enqueue("test.a", JobOptions.DEFAULTS);
    long gone = enqueue("test.a", JobOptions.DEFAULTS);
    claim(10, 1, "worker-a");
    sql(pool, "UPDATE jobs SET lease_owner = 'someone-else' WHERE id = $1", gone);
    for (int i = 0; i < 4; i++) {
      Thread.sleep(400);
      assertThat(queue.heartbeat(List.of(id, gone), "worker-a", 1).await()).containsExactly(id);
    }
    assertThat(claim(10, 1, "worker-b")).as("1.6 s after a 1 s lease, heartbeats kept it").extracting(Job::id).doesNotContain(id);
    assertThat(count(pool, "SELECT count(*) FROM jobs WHERE id = $1 AND heartbeat_at > now() - interval '1 second'", id)).isEqualTo(1);
  }

  @Test
  void backoffCeilingDoublesUpToTheMaximumAndFullJitterSpreadsBelowIt() {
    assertThat(Backoff.ceiling(1, 100, 10_000)).isEqualTo(100);
    assertThat(Backoff.ceiling(2, 100, 10_000)).isEqualTo(200);
    assertThat(Backoff.ceiling(5, 100, 10_000)).isEqualTo(1_600);
    assertThat(Backoff.ceiling(8, 100, 10_000)).isEqualTo(10_000);
    assertThat(Backoff.ceiling(200, 100, 10_000)).isEqualTo(10_000);
    for (int attempt = 1; attempt <= 6; attempt++) {
      long ceiling = Backoff.ceiling(attempt, 100, 10_000);
      long sum = 0, min = Long.MAX_VALUE, max = 0;
      int samples = 4_000;
      for (int i = 0; i < samples; i++) {
        long d = Backoff.delayMillis(attempt, 100, 10_000);
        assertThat(d).isBetween(0L, ceiling);
        sum += d;
        min = Math.min(min, d);
        max = Math.max(max, d);
      }
      double mean = (double) sum / samples;
      assertThat(mean).as("attempt %d: mean of full jitter is half the ceiling", attempt).isBetween(ceiling * 0.45, ceiling * 0.55);
      assertThat(min).isLessThan(ceiling / 10 + 1);
      assertThat(max).isGreaterThan(ceiling * 9 / 10);
    }
  }

  @Test
  void aFailedAttemptWaitsItsDelayThenRetriesUntilDeadAfterMaxAttempts() throws Exception {
    long id = enqueue("test.a", JobOptions.DEFAULTS.maxAttempts(3));
    Job a1 = claim(1, 30, "w").get(0);
    assertThat(queue.fail(a1, "w", "boom 1", false, 1_500).await()).isEqualTo("queued");
    double wait = sql(pool, "SELECT extract(epoch FROM run_at - now())::float8 FROM jobs WHERE id = $1", id).iterator().next().getDouble(0);
    assertThat(wait).isBetween(1.0, 1.5);
    assertThat(claim(1, 30, "w")).as("not due before its delay").isEmpty();
    Thread.sleep(1_600);
    Job a2 = claim(1, 30, "w").get(0);
    assertThat(a2.attempt()).isEqualTo(2);
    assertThat(queue.fail(a2, "w", "boom 2", false, 0).await()).isEqualTo("queued");
    Job a3 = claim(1, 30, "w").get(0);
    assertThat(queue.fail(a3, "w", "boom 3", false, 0).await()).isEqualTo("dead");
    Row r = sql(pool, "SELECT state, attempts, last_error, finished_at, lease_until FROM jobs WHERE id = $1", id).iterator().next();
    assertThat(r.getString("state")).isEqualTo("dead");
    assertThat(r.getInteger("attempts")).isEqualTo(3);
    assertThat(r.getString("last_error")).isEqualTo("boom 3");
    assertThat(r.getValue("finished_at")).isNotNull();
    assertThat(r.getValue("lease_until")).isNull();
    Thread.sleep(100);
    assertThat(claim(1, 30, "w")).as("a dead job is never claimed").isEmpty();
  }

  @Test
  void aPermanentFailureIsDeadAtOnce() {
    long id = enqueue("test.a", JobOptions.DEFAULTS.maxAttempts(10));
    Job j = claim(1, 30, "w").get(0);
    assertThat(queue.fail(j, "w", "not audio", true, 0).await()).isEqualTo("dead");
    assertThat(sql(pool, "SELECT attempts FROM jobs WHERE id = $1", id).iterator().next().getInteger(0)).isEqualTo(1);
  }

  @Test
  void higherPriorityRunsFirstThenOldestDue() throws Exception {
    long low = enqueue("test.a", JobOptions.DEFAULTS.priority(9));
    long normal1 = enqueue("test.b", JobOptions.DEFAULTS);
    Thread.sleep(5);
    long normal2 = enqueue("test.a", JobOptions.DEFAULTS);
    long urgent = enqueue("test.b", JobOptions.DEFAULTS.priority(0));
    long later = enqueue("test.a", JobOptions.DEFAULTS.priority(0).delay(Duration.ofHours(1)));
    List<Long> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) claim(1, 30, "w").forEach(j -> order.add(j.id()));
    assertThat(order).containsExactly(urgent, normal1, normal2, low);
    assertThat(order).doesNotContain(later);
  }

  @Test
  void onlyRegisteredKindsAreClaimed() {
    long mine = enqueue("test.a", JobOptions.DEFAULTS);
    enqueue("other.kind", JobOptions.DEFAULTS);
    assertThat(claim(10, 30, "w")).extracting(Job::id).containsExactly(mine);
  }

  @Test
  void enqueueingTheSameWorkTwiceIsOneJob() throws Exception {
    long first = enqueue("test.a", JobOptions.DEFAULTS.dedupe("take:42"));
    long again = enqueue("test.a", JobOptions.DEFAULTS.dedupe("take:42"));
    assertThat(again).isEqualTo(first);
    // two transactions racing with the same key: the second waits for the first and finds its job
    List<Future<Long>> racing = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      racing.add(pool.withTransaction(tx -> JobQueue.enqueue(tx, "test.a", new JsonObject(), JobOptions.DEFAULTS.dedupe("take:43"))));
    }
    Future.all(racing).await(30, TimeUnit.SECONDS);
    Set<Long> ids = new HashSet<>();
    for (Future<Long> f : racing) ids.add(f.result());
    assertThat(ids).hasSize(1);
    assertThat(count(pool, "SELECT count(*) FROM jobs")).isEqualTo(2);
    Job j = claim(10, 30, "w").stream().filter(x -> x.id() == first).findFirst().orElseThrow();
    queue.complete(j, "w").await();
    assertThat(enqueue("test.a", JobOptions.DEFAULTS.dedupe("take:42"))).as("a done job keeps its key").isEqualTo(first);
    assertThat(count(pool, "SELECT count(*) FROM jobs")).isEqualTo(2);
  }

  @Test
  void enqueueBelongsToTheCallersTransaction() {
    assertThatThrownBy(() -> pool.withTransaction(tx -> JobQueue.enqueue(tx, "test.a", new JsonObject(), JobOptions.DEFAULTS)
        .compose(id -> Future.failedFuture(new IllegalStateException("caller fails after enqueue")))).await())
        .hasMessageContaining("caller fails");
    assertThat(count(pool, "SELECT count(*) FROM jobs")).as("rolled back with the caller").isZero();
    long id = pool.withTransaction(tx -> JobQueue.enqueue(tx, "test.a", new JsonObject().put("take", "t1"), JobOptions.DEFAULTS)).await();
    assertThat(sql(pool, "SELECT payload->>'take' FROM jobs WHERE id = $1", id).iterator().next().getString(0)).isEqualTo("t1");
  }

  @Test
  void releaseGivesJobsBackAtOnceWithoutCountingTheAttempt() {
    long id = enqueue("test.a", JobOptions.DEFAULTS);
    Job j = claim(1, 60, "w").get(0);
    assertThat(queue.release(List.of(j.id()), "w").await()).isEqualTo(1);
    List<Job> again = claim(1, 60, "other");
    assertThat(again).extracting(Job::id).containsExactly(id);
    assertThat(again.get(0).attempt()).isEqualTo(1);
  }

  @Test
  void optionsRefuseNonsense() {
    assertThatThrownBy(() -> JobOptions.DEFAULTS.priority(10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JobOptions.DEFAULTS.maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JobOptions.DEFAULTS.delay(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobHandlers().register("Bad Kind", j -> {}, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    JobHandlers h = new JobHandlers().register("audio.take", j -> {}, Duration.ofSeconds(1));
    assertThatThrownBy(() -> h.register("audio.take", j -> {}, Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theClaimAndTheDepthQueryUseIndexesAsTheTableGrows() {
    sql(pool, "INSERT INTO jobs (kind, state, finished_at) SELECT 'test.a', 'done', now() FROM generate_series(1, 50000)");
    sql(pool, "INSERT INTO jobs (kind, run_at) SELECT 'test.a', now() + make_interval(secs => g) FROM generate_series(1, 20000) g");
    sql(pool, "INSERT INTO jobs (kind) SELECT 'test.b' FROM generate_series(1, 200)");
    sql(pool, "ANALYZE jobs");
    String claimPlan = plan("EXPLAIN " + JobQueue.CLAIM, 5, 60.0, "w", KINDS.toArray(new String[0]));
    assertThat(claimPlan).contains("jobs_claim").doesNotContain("Seq Scan");
    String depthPlan = plan("EXPLAIN SELECT kind, state, count(*) FROM jobs WHERE state <> 'done' GROUP BY kind, state");
    assertThat(depthPlan).contains("jobs_open").doesNotContain("Seq Scan");
    long t0 = System.nanoTime();
    assertThat(claim(5, 60, "w")).hasSize(5);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("one claim on a 70k-row table").isLessThan(1_000);
  }

  static String plan(String explain, Object... args) {
    StringBuilder sb = new StringBuilder();
    for (Row r : sql(pool, explain, args)) sb.append(r.getString(0)).append('\n');
    return sb.toString();
  }
}
