package chorus.app;

import chorus.artwork.ArtworkRoutes;
import chorus.console.ConsoleRoutes;
import chorus.console.FirstMember;
import chorus.console.Retention;
import chorus.console.RetentionVerticle;
import chorus.core.Addresses;
import chorus.core.Config;
import chorus.core.Settings;
import chorus.db.Database;
import chorus.db.Migrator;
import chorus.fan.FanRoutes;
import chorus.fan.TakeAnalysis;
import chorus.fan.UploadSweepVerticle;
import chorus.http.HttpVerticle;
import chorus.http.Routes;
import chorus.http.Shared;
import chorus.jobs.JobHandler;
import chorus.jobs.JobHandlers;
import chorus.jobs.JobMetrics;
import chorus.jobs.JobQueue;
import chorus.jobs.JobWorkerVerticle;
import chorus.mail.MailRoutes;
import chorus.mail.Outbox;
import chorus.mail.MailerVerticle;
import chorus.mail.SnsVerifier;
import chorus.mix.MixJobs;
import chorus.mix.MixService;
import chorus.mix.References;
import chorus.render.RenderVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only deployer. Builds the process-wide services once ({@link ProcessServices}) while the database
 * migrates, then deploys the render workers, the HTTP verticles and the mailer, handing each its services.
 * Its config is the validated {@link Config}. The {@code role} setting picks what runs: {@code web} (HTTP,
 * renders), {@code worker} (job queue, mailer) or {@code both}.
 */
public class MainVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  private final JobHandlers jobHandlers;
  private final StartupTimeline timeline = new StartupTimeline();
  private ProcessServices services;
  private Pool jobsPool;

  public MainVerticle() {
    this(new JobHandlers());
  }

  /** With job kinds registered beforehand (tests); the production kinds are added in {@link #jobs}. */
  public MainVerticle(JobHandlers jobHandlers) {
    this.jobHandlers = jobHandlers;
  }

  @Override
  public Future<?> start() {
    Config config = Config.of(config());
    Pool migrations = Database.migrationPool(vertx, config);
    Future<Integer> migrated = timeline.timed("migration-check", new Migrator(migrations).migrate())
        .onSuccess(n -> LOG.info("database schema up to date ({} migrations applied now)", n))
        .compose(n -> config.local() ? FirstMember.ensureLocal(vertx, migrations, Path.of(config.string("local.dir"))).map(n)
            : Future.succeededFuture(n))
        .eventually(migrations::close);
    Future<ProcessServices> built = ProcessServices.build(vertx, config, timeline).onSuccess(s -> {
      services = s;
      LOG.info("built once for the process: campaign '{}' v{} ({} teams), {} storage, Redis client, rate limiter",
          s.campaign().id(), s.campaign().version(), s.campaign().teams().size(), s.storage().kind());
      s.engine().onSuccess(e -> LOG.info("render engine ready ({} templates)", e.templates().size()));
      s.storage().check().onFailure(e -> LOG.warn("storage ({}) not reachable at start: {}", s.storage().kind(), e.toString()));
    });
    Future<OpenAPIContract> contract = timeline.timed("contract", contract());
    return Future.all(migrated, built, contract)
        .compose(v -> deploy(config, built.result(), contract.result()))
        .onSuccess(v -> LOG.info("start-up steps (ms since the JVM started): {}", timeline));
  }

  /**
   * The OpenAPI contract, read and validated on an event loop of its own: the library does its work on the calling
   * context, and on this verticle's it would hold up the migration check's callbacks for as long as it parses. The
   * answer comes back on this verticle's context: what is composed on it deploys the HTTP verticles, and a deployment
   * made from another context would not be this one's child (undeploying the app would leave them serving).
   */
  private Future<OpenAPIContract> contract() {
    ContextInternal own = ((VertxInternal) vertx).createEventLoopContext();
    Promise<OpenAPIContract> parsed = ((ContextInternal) context).promise();
    own.runOnContext(v -> OpenAPIContract.from(vertx, HttpVerticle.CONTRACT).onComplete(parsed));
    return parsed.future();
  }

  private Future<?> deploy(Config config, ProcessServices s, OpenAPIContract contract) {
    int renderWorkers = renderWorkers(config);
    List<Routes> routes = List.of(
        new FanRoutes(config, s.campaign(), s.storage(), s.registry()),
        new ArtworkRoutes(config, s.campaign(), s.storage(), s.gate(), s.limiter()),
        Routes.web((router, pool) -> MailRoutes.mount(router, vertx, config, pool, SnsVerifier.httpsLoader(vertx))),
        new ConsoleRoutes(vertx, config, s.campaign(), s.storage(), s.redis()));
    Shared shared = new Shared(config, s.storage(), s.redis(), s.pool(), s.limiter(), s.registry(), routes);
    Future<?> web = !web(config) ? Future.succeededFuture()
        : timeline.timed("render-verticles", vertx.deployVerticle(() -> new RenderVerticle(s.engine(), s.storage()),
            new DeploymentOptions()
            .setThreadingModel(ThreadingModel.WORKER)
            .setWorkerPoolName("chorus-render")
            .setWorkerPoolSize(renderWorkers)
            .setInstances(renderWorkers)))
        .compose(v -> timeline.timed("http-verticles", vertx.deployVerticle(() -> new HttpVerticle(shared, contract),
            new DeploymentOptions().setInstances(httpInstances(config)))));
    // the HTTP servers answer from here on; the S3 client and the fonts may still be loading (what needs them waits),
    // and a failure there still fails the start-up
    return web
        .compose(v -> s.started())
        .compose(v -> !worker(config) ? Future.succeededFuture()
            : vertx.deployVerticle(new MailerVerticle(s.campaign(), s.pool()), new DeploymentOptions().setConfig(config.json())))
        .compose(v -> timeline.timed("jobs", jobs(config, s)))
        .compose(v -> !worker(config) ? Future.succeededFuture() : vertx.deployVerticle(new UploadSweepVerticle(config, s.storage(), s.pool())))
        .compose(v -> !web(config) || !ErrorAlertVerticle.wanted(config, s.registry()) ? Future.succeededFuture()
            : vertx.deployVerticle(new ErrorAlertVerticle(config, s.registry(), s.redis())))
        .compose(v -> !worker(config) ? Future.succeededFuture() : vertx.deployVerticle(new RetentionVerticle(config, s.pool())))
        .onSuccess(v -> LOG.info("role {}: {}", config.string("role"), worker(config) ? "job kinds " + jobHandlers.kinds() : "no job worker"));
  }

  /**
   * The job queue, its metrics (depth and age in every role, so any container's /metrics shows them) and,
   * in the worker role, the job worker with its own named pool {@code chorus-jobs}. Job kinds register
   * here, e.g. {@code jobHandlers.register("audio.take", new TakeJob(...), Duration.ofMinutes(5))}.
   */
  private Future<?> jobs(Config config, ProcessServices s) {
    jobsPool = s.pool();
    registerJobKinds(config, s);
    JobQueue queue = new JobQueue(vertx, jobsPool);
    JobMetrics metrics = new JobMetrics(s.registry());
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

  /**
   * The job kinds this process works on: each feature that has background work registers its
   * {@link chorus.jobs.JobHandler} here with a time ceiling, e.g.
   * {@code jobHandlers.register("audio.take", new TakeAnalysis(s.storage()), Duration.ofMinutes(5))}.
   */
  private void registerJobKinds(Config config, ProcessServices s) {
    Path webroot = Path.of(config.string("webroot"));
    TakeAnalysis takes = new TakeAnalysis(jobsPool, s.storage(), s.campaign(), webroot);
    jobHandlers.register(TakeAnalysis.KIND, job -> takes.handle(job.payload()), takes.timeout());
    // the chorus mix: the tree of a stem (mix.leaf/merge/root) and the per-take mix.align and mix.preview
    MixService mixes = MixJobs.service(vertx, jobsPool, s.storage(), config, s.campaign().backingTrackMs());
    // a fan who asked for news hears once, by mail, that their approved take is in the song (with the preview's page)
    Outbox outbox = new Outbox(jobsPool);
    String mailHost = URI.create(config.string("publicBaseUrl")).getHost();
    MixJobs.register(jobHandlers, vertx, jobsPool, s.storage(), mixes, new References(webroot.resolve(s.campaign().backingTrackUrl()),
        s.campaign().guideVocalUrl().map(webroot::resolve).orElse(null)), take -> {
          if (JobHandler.await(outbox.queueInSong(take, "<" + UUID.randomUUID() + "@" + mailHost + ">"))) {
            vertx.eventBus().publish(Addresses.MAIL_OUTBOX_WAKE, null);
          }
        });
    // privacy: once the retention period set in the console is over, delete what the terms say goes (RetentionVerticle enqueues)
    Retention retention = new Retention(jobsPool, s.storage());
    jobHandlers.register(Retention.KIND, job -> JobHandler.await(retention.run(Instant.now())), Duration.ofHours(2));
  }

  @Override
  public Future<?> stop() {
    return services == null ? Future.succeededFuture() : services.close();
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
