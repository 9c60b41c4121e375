package chorus.jobs;

import chorus.core.Config;
import chorus.db.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/**
 * A container's job worker alone in its own JVM, for the crash test: {@code WorkerProcess <pg url> <kind>}.
 * Its handler records that it started the job, then works "forever" (until the test kills the process).
 */
public final class WorkerProcess {
  private WorkerProcess() {}

  public static void main(String[] args) {
    String pgUrl = args[0];
    String kind = args[1];
    JsonObject json = new JsonObject().put("pg.url", pgUrl).put("pg.poolSize", 2)
        .put("jobs.workers", 1).put("jobs.leaseSeconds", 3).put("jobs.pollMillis", 100)
        .put("jobs.retryBaseMillis", 20).put("jobs.retryMaxMillis", 200).put("jobs.shutdownSeconds", 1);
    Config config = Config.of(json);
    Vertx vertx = Vertx.vertx();
    Pool pool = Database.pool(vertx, config);
    JobHandlers handlers = new JobHandlers().register(kind, job -> {
      JobHandler.await(pool.preparedQuery("INSERT INTO job_effects (job_id, owner, phase) VALUES ($1, 'child', 'started')")
          .execute(Tuple.of(job.id())));
      Thread.sleep(Duration.ofHours(1).toMillis());
    }, Duration.ofHours(2));
    JobWorkerVerticle worker = new JobWorkerVerticle(new JobQueue(vertx, pool), handlers, new JobMetrics(new SimpleMeterRegistry()));
    vertx.deployVerticle(worker, new DeploymentOptions().setConfig(json).setWorkerPoolName("chorus-jobs").setWorkerPoolSize(1))
        .onSuccess(id -> System.out.println("worker ready: " + worker.owner()))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }
}
