package chorus.app;

import chorus.campaign.Campaign;
import chorus.db.Database;
import chorus.db.Migrator;
import chorus.http.HttpVerticle;
import chorus.jobs.JobHandlers;
import chorus.jobs.JobMetrics;
import chorus.jobs.JobQueue;
import chorus.jobs.JobWorkerVerticle;
import chorus.render.RenderVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only deployer. Migrates the database, then deploys the other verticles with their options.
 * Its config is the validated {@link Config}. The {@code role} setting picks what runs: {@code web} (HTTP,
 * renders), {@code worker} (job queue, mailer) or {@code both}.
 */
public class MainVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);
  private final JobHandlers jobHandlers;
  private Pool jobsPool;

  public MainVerticle() {
    this(new JobHandlers());
  }

  /** With job kinds registered beforehand (tests); the production kinds are added in {@link #start}. */
  public MainVerticle(JobHandlers jobHandlers) {
    this.jobHandlers = jobHandlers;
  }

  @Override
  public Future<?> start() {
    Config config = Config.of(config());
    Campaign campaign = Campaign.load(Path.of(config.string("conf.dir"), "campaign.json"), Path.of(config.string("webroot")));
    LOG.info("campaign '{}' version {}: {} teams", campaign.id(), campaign.version(), campaign.teams().size());
    Pool pool = Database.migrationPool(vertx, config);
    return new Migrator(pool).migrate()
        .onSuccess(n -> LOG.info("database schema up to date ({} migrations applied now)", n))
        .eventually(pool::close)
        .compose(v -> !web(config) ? Future.succeededFuture() : vertx.deployVerticle(RenderVerticle.class, new DeploymentOptions()
            .setConfig(config.json())
            .setThreadingModel(ThreadingModel.WORKER)
            .setWorkerPoolName("chorus-render")
            .setWorkerPoolSize(renderWorkers(config))
            .setInstances(renderWorkers(config))))
        .compose(v -> !web(config) ? Future.succeededFuture() : vertx.deployVerticle(HttpVerticle.class, new DeploymentOptions()
            .setConfig(config.json())
            .setInstances(httpInstances(config))))
        .compose(v -> !worker(config) ? Future.succeededFuture() : vertx.deployVerticle(chorus.mail.MailerVerticle.class, new DeploymentOptions().setConfig(config.json()).setInstances(1)))
        .compose(v -> jobs(config))
        .onSuccess(v -> LOG.info("role {}", config.string("role")));
  }

  /**
   * The job queue, its metrics (depth and age in every role, so any container's /metrics shows them) and,
   * in the worker role, the job worker on its own named pool. Job kinds register here.
   */
  private Future<?> jobs(Config config) {
    jobsPool = chorus.db.Database.pool(vertx, config);
    JobQueue queue = new JobQueue(vertx, jobsPool);
    JobMetrics metrics = new JobMetrics(BackendRegistries.getDefaultNow());
    metrics.known(jobHandlers.kinds());
    metrics.watch(vertx, queue, 10_000);
    if (!worker(config)) return Future.succeededFuture();
    int workers = JobWorkerVerticle.workers(config);
    return vertx.deployVerticle(() -> new JobWorkerVerticle(queue, jobHandlers, metrics), new DeploymentOptions()
        .setConfig(config.json())
        .setWorkerPoolName("chorus-jobs")
        .setWorkerPoolSize(workers)
        .setMaxWorkerExecuteTime(jobHandlers.longestTimeout().toNanos() + 5_000_000_000L)
        .setInstances(1));
  }

  @Override
  public Future<?> stop() {
    return jobsPool == null ? Future.succeededFuture() : jobsPool.close();
  }

  static boolean web(Config config) {
    return !Settings.ROLE_WORKER.equals(config.string("role", Settings.ROLE_BOTH));
  }

  static boolean worker(Config config) {
    return !Settings.ROLE_WEB.equals(config.string("role", Settings.ROLE_BOTH));
  }

  static int renderWorkers(Config config) {
    int n = config.integer("render.workers");
    return n > 0 ? n : Runtime.getRuntime().availableProcessors();
  }

  static int httpInstances(Config config) {
    int n = config.integer("http.instances");
    return n > 0 ? n : Runtime.getRuntime().availableProcessors();
  }
}
