package chorus.app;

import chorus.artwork.ArtworkRoutes;
import chorus.core.Config;
import chorus.db.Database;
import chorus.db.Migrator;
import chorus.fan.FanRoutes;
import chorus.http.HttpVerticle;
import chorus.http.Routes;
import chorus.http.Shared;
import chorus.mail.MailRoutes;
import chorus.mail.MailerVerticle;
import chorus.mail.SnsVerifier;
import chorus.render.RenderVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only deployer. Builds the process-wide services once ({@link ProcessServices}) while the database
 * migrates, then deploys the render workers, the HTTP verticles and the mailer, handing each its services.
 * Its config is the validated {@link Config}.
 */
public class MainVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  private ProcessServices services;

  @Override
  public Future<?> start() {
    Config config = Config.of(config());
    Pool migrations = Database.migrationPool(vertx, config);
    Future<Integer> migrated = new Migrator(migrations).migrate()
        .onSuccess(n -> LOG.info("database schema up to date ({} migrations applied now)", n))
        .eventually(migrations::close);
    Future<ProcessServices> built = ProcessServices.build(vertx, config).onSuccess(s -> {
      services = s;
      LOG.info("built once for the process: campaign '{}' v{} ({} teams), {} storage, render engine ({} templates), "
              + "Redis client, rate limiter", s.campaign().id(), s.campaign().version(), s.campaign().teams().size(),
          s.storage().kind(), s.engine().templates().size());
      s.storage().check().onFailure(e -> LOG.warn("storage ({}) not reachable at start: {}", s.storage().kind(), e.toString()));
    });
    Future<OpenAPIContract> contract = OpenAPIContract.from(vertx, HttpVerticle.CONTRACT);
    return Future.all(migrated, built, contract)
        .compose(v -> deploy(config, built.result(), contract.result()));
  }

  private Future<?> deploy(Config config, ProcessServices s, OpenAPIContract contract) {
    int renderWorkers = renderWorkers(config);
    List<Routes> routes = List.of(
        new FanRoutes(config, s.campaign(), s.storage()),
        new ArtworkRoutes(config, s.campaign(), s.storage(), s.gate()),
        Routes.web((router, pool) -> MailRoutes.mount(router, vertx, config, pool, SnsVerifier.httpsLoader(vertx))));
    Shared shared = new Shared(config, s.storage(), s.redis(), s.limiter(), s.registry(), routes);
    return vertx.deployVerticle(() -> new RenderVerticle(s.engine(), s.storage()), new DeploymentOptions()
            .setThreadingModel(ThreadingModel.WORKER)
            .setWorkerPoolName("chorus-render")
            .setWorkerPoolSize(renderWorkers)
            .setInstances(renderWorkers))
        .compose(v -> vertx.deployVerticle(() -> new HttpVerticle(shared, contract), new DeploymentOptions()
            .setInstances(httpInstances(config))))
        .compose(v -> vertx.deployVerticle(MailerVerticle.class, new DeploymentOptions().setConfig(config.json()).setInstances(1)));
  }

  @Override
  public Future<?> stop() {
    return services == null ? Future.succeededFuture() : services.close();
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
