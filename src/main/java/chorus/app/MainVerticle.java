package chorus.app;

import chorus.db.Database;
import chorus.db.Migrator;
import chorus.http.HttpVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
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
    Pool pool = Database.migrationPool(vertx, config);
    return new Migrator(pool).migrate()
        .onSuccess(n -> LOG.info("database schema up to date ({} migrations applied now)", n))
        .eventually(pool::close)
        .compose(v -> vertx.deployVerticle(HttpVerticle.class, new DeploymentOptions()
            .setConfig(config.json())
            .setInstances(httpInstances(config))))
        .compose(v -> vertx.deployVerticle(chorus.mail.MailerVerticle.class, new DeploymentOptions().setConfig(config.json()).setInstances(1)));
  }

  static int httpInstances(Config config) {
    int n = config.integer("http.instances");
    return n > 0 ? n : Runtime.getRuntime().availableProcessors();
  }
}
