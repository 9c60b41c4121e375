package chorus.mix;

import chorus.core.Config;
import chorus.db.Database;
import chorus.jobs.JobHandlers;
import chorus.jobs.JobMetrics;
import chorus.jobs.JobQueue;
import chorus.jobs.JobWorkerVerticle;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;

/**
 * A worker container of the mix, in this JVM ({@link #start}) or alone in its own
 * ({@code MixWorkerProcess <settings json>}): the mix kinds on the shared job queue, as MainVerticle registers them.
 */
public final class MixWorkerProcess {
  private MixWorkerProcess() {}

  /** Fast job timings for the tests: a 3 s lease, 100 ms polls. */
  static JsonObject settings(JsonObject base) {
    return base.copy().put("pg.poolSize", 4).put("jobs.workers", 1).put("jobs.leaseSeconds", 3).put("jobs.pollMillis", 100)
        .put("jobs.retryBaseMillis", 20).put("jobs.retryMaxMillis", 200).put("jobs.shutdownSeconds", 1);
  }

  /** Deploys the worker on {@code vertx}; answers the deployment id. */
  static String start(Vertx vertx, JsonObject json, int songSamples) {
    Config config = Config.of(json);
    Pool pool = Database.pool(vertx, config);
    ObjectStorage storage = Storages.create(vertx, config);
    MixService service = new MixService(pool, storage, MixJobs.queue(vertx), songSamples, 2, 3);
    JobHandlers handlers = new JobHandlers();
    MixJobs.register(handlers, vertx, pool, storage, service,
        new References(Path.of("webroot/campaign/audio/backing.mp3"), Path.of("webroot/campaign/audio/guide.mp3")), take -> { }); // no mail in this process
    JobWorkerVerticle worker = new JobWorkerVerticle(new JobQueue(vertx, pool), handlers, new JobMetrics(new SimpleMeterRegistry()));
    return vertx.deployVerticle(worker, new DeploymentOptions().setConfig(json).setWorkerPoolName("chorus-jobs").setWorkerPoolSize(1))
        .await();
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    try {
      start(vertx, new JsonObject(args[0]), 0);
      System.out.println("mix worker ready: " + MixWorker.PROCESS);
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.exit(1);
    }
  }
}
