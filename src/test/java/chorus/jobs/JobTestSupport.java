package chorus.jobs;

import chorus.core.Config;
import chorus.support.Sql;
import chorus.support.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Map;

/** Settings, schema and deployment helpers shared by the job queue tests. */
final class JobTestSupport {
  private JobTestSupport() {}

  /** Production-mode settings on the test database with fast job timings; {@code jobs} entries win. */
  static Config config(Map<String, Object> jobs) {
    JsonObject json = TestServices.get().config(Map.of()).json().copy()
        .put("jobs.workers", 2)
        .put("jobs.leaseSeconds", 3)
        .put("jobs.pollMillis", 100)
        .put("jobs.retryBaseMillis", 20)
        .put("jobs.retryMaxMillis", 200)
        .put("jobs.shutdownSeconds", 5);
    jobs.forEach(json::put);
    return Config.of(json);
  }

  /**
   * A pool on the migrated test database, with {@code job_effects}: what test handlers did, one row per run
   * (or per phase of a run).
   */
  static Pool database(Vertx vertx) {
    Config config = config(Map.of());
    Pool pool = chorus.db.Database.pool(vertx, config);
    Sql.migrate(vertx, config);
    Sql.sql(pool, "CREATE TABLE IF NOT EXISTS job_effects (job_id bigint NOT NULL, owner text NOT NULL, phase text NOT NULL,"
        + " at timestamptz NOT NULL DEFAULT clock_timestamp())");
    return pool;
  }

  static void clean(Pool pool) {
    Sql.sql(pool, "TRUNCATE jobs, job_effects");
  }

  /** A worker on {@code on}, deployed as MainVerticle deploys it (named pool, one instance). */
  static Worker deploy(Vertx on, Pool pool, Config config, JobHandlers handlers) {
    JobQueue queue = new JobQueue(on, pool);
    JobMetrics metrics = new JobMetrics(new SimpleMeterRegistry());
    JobWorkerVerticle verticle = new JobWorkerVerticle(queue, handlers, metrics);
    int n = JobWorkerVerticle.workers(config);
    String id = on.deployVerticle(verticle, new DeploymentOptions().setConfig(config.json())
        .setWorkerPoolName("chorus-jobs").setWorkerPoolSize(n)).await();
    return new Worker(on, id, queue, metrics, verticle);
  }

  record Worker(Vertx vertx, String deploymentId, JobQueue queue, JobMetrics metrics, JobWorkerVerticle verticle) {
    String owner() {
      return verticle.owner();
    }

    void undeploy() {
      vertx.undeploy(deploymentId).await();
    }
  }
}
