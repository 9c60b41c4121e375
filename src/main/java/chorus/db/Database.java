package chorus.db;

import chorus.core.Config;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** The PostgreSQL pool, shared by every verticle instance of the process. */
public final class Database {
  private Database() {}

  public static Pool pool(Vertx vertx, Config config) {
    PoolOptions pool = new PoolOptions()
        .setMaxSize(config.integer("pg.poolSize"))
        .setShared(true)
        .setName("chorus-pg")
        .setConnectionTimeout(5)
        .setMaxWaitQueueSize(1_000);
    return PgBuilder.pool().with(pool).connectingTo(connectOptions(config)).using(vertx).build();
  }

  /** A one-connection pool for start-up work such as migrations. */
  public static Pool migrationPool(Vertx vertx, Config config) {
    PoolOptions pool = new PoolOptions().setMaxSize(1).setName("chorus-pg-migrate").setConnectionTimeout(30);
    return PgBuilder.pool().with(pool).connectingTo(connectOptions(config)).using(vertx).build();
  }

  private static PgConnectOptions connectOptions(Config config) {
    return PgConnectOptions.fromUri(config.string("pg.url")).setCachePreparedStatements(true);
  }
}
