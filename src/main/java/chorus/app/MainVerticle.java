package chorus.app;

import chorus.campaign.Campaign;
import chorus.db.Database;
import chorus.db.Migrator;
import chorus.http.HttpVerticle;
import chorus.render.RenderVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only deployer. Migrates the database, then deploys the other verticles with their options.
 * Its config is the validated {@link Config}.
 */
public class MainVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);

  @Override
  public Future<?> start() {
    Config config = Config.of(config());
    Campaign campaign = Campaign.load(Path.of(config.string("conf.dir"), "campaign.json"), Path.of(config.string("webroot")));
    LOG.info("campaign '{}' version {}: {} teams", campaign.id(), campaign.version(), campaign.teams().size());
    Pool pool = Database.migrationPool(vertx, config);
    return new Migrator(pool).migrate()
        .onSuccess(n -> LOG.info("database schema up to date ({} migrations applied now)", n))
        .compose(n -> config.local() ? chorus.console.FirstMember.ensureLocal(vertx, pool, Path.of(config.string("local.dir"))) : Future.succeededFuture())
        .eventually(pool::close)
        .compose(v -> vertx.deployVerticle(RenderVerticle.class, new DeploymentOptions()
            .setConfig(config.json())
            .setThreadingModel(ThreadingModel.WORKER)
            .setWorkerPoolName("chorus-render")
            .setWorkerPoolSize(renderWorkers(config))
            .setInstances(renderWorkers(config))))
        .compose(v -> vertx.deployVerticle(HttpVerticle.class, new DeploymentOptions()
            .setConfig(config.json())
            .setInstances(httpInstances(config))))
        .compose(v -> vertx.deployVerticle(chorus.mail.MailerVerticle.class, new DeploymentOptions().setConfig(config.json()).setInstances(1)));
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
