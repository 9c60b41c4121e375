package chorus.jobs;

import static chorus.support.Sql.count;
import static chorus.support.Sql.eventually;
import static chorus.support.Sql.sql;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.Config;
import chorus.db.Database;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A container killed mid-job (kill -9 of a real JVM) loses nothing: another one finishes the job, exactly once. */
class JobCrashTest {

  @Test
  void aWorkerKilledMidJobLeavesItToTheOtherInstanceWhichFinishesItExactlyOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    Process child = null;
    Path log = Files.createTempFile("chorus-worker", ".log");
    try {
      Pool pool = JobTestSupport.database(vertx);
      JobTestSupport.clean(pool);
      long id = new JobQueue(vertx, pool).enqueue("test.crash", new JsonObject(), JobOptions.DEFAULTS).await();

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WorkerProcess.class.getName(),
          TestServices.pgUrl(TestServices.get().pg.getPort()), "test.crash")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Process running = child;
      assertThat(eventually(60, () -> count(pool, "SELECT count(*) FROM job_effects WHERE job_id = $1 AND owner = 'child'", id) == 1))
          .as(Files.readString(log)).isTrue();
      String childOwner = sql(pool, "SELECT lease_owner FROM jobs WHERE id = $1", id).iterator().next().getString(0);

      // the surviving instance (this JVM) is up while the child still holds the job: it must not take it
      Config c = JobTestSupport.config(Map.of("jobs.leaseSeconds", 3));
      Pool mine = Database.pool(vertx, c);
      JobTestSupport.Worker survivor = JobTestSupport.deploy(vertx, mine, c, new JobHandlers().register("test.crash",
          job -> JobHandler.await(mine.preparedQuery("INSERT INTO job_effects (job_id, owner, phase) VALUES ($1, 'survivor', 'done')")
              .execute(Tuple.of(job.id()))), Duration.ofSeconds(30)));
      Thread.sleep(4_500); // longer than a lease: the child's heartbeats keep the job
      assertThat(running.isAlive()).isTrue();
      assertThat(count(pool, "SELECT count(*) FROM job_effects WHERE owner = 'survivor'")).isZero();
      assertThat(sql(pool, "SELECT lease_owner FROM jobs WHERE id = $1", id).iterator().next().getString(0)).isEqualTo(childOwner);

      long killedAt = System.nanoTime();
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no release, the lease is all that is left
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isEqualTo(137);

      assertThat(eventually(20, () -> "done".equals(sql(pool, "SELECT state FROM jobs WHERE id = $1", id).iterator().next().getString(0))))
          .isTrue();
      double tookOver = (System.nanoTime() - killedAt) / 1e9;
      Thread.sleep(1_000);
      Row r = sql(pool, "SELECT attempts, lease_owner, last_error FROM jobs WHERE id = $1", id).iterator().next();
      assertThat(r.getInteger("attempts")).isEqualTo(2);
      assertThat(r.getString("lease_owner")).isEqualTo(survivor.owner());
      assertThat(count(pool, "SELECT count(*) FROM job_effects WHERE job_id = $1 AND phase = 'done'", id)).as("finished exactly once").isEqualTo(1);
      assertThat(count(pool, "SELECT count(*) FROM job_effects WHERE job_id = $1 AND owner = 'survivor'", id)).isEqualTo(1);
      assertThat(tookOver).as("taken over within about one lease (3 s) after the kill").isLessThan(8.0);
      System.out.printf("job taken over %.1f s after kill -9 (lease 3 s)%n", tookOver);
    } finally {
      if (child != null) child.destroyForcibly();
      vertx.close().await();
    }
  }
}
