package chorus.db;

import chorus.core.Built;
import chorus.core.Config;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL pool, built once per process by the main verticle and handed to every verticle it deploys (a
 * verticle deployed on its own, as tests do, builds its own). Every wait on the database has a
 * deadline: a pooled connection within {@code pg.timeoutMs}, a new connection within the same, and each
 * statement within {@code pg.statementTimeoutMs} (PostgreSQL's own {@code statement_timeout}), so a database
 * that is down or hung turns into a failure within seconds instead of a request that never ends.
 */
public final class Database {
  static final int DEFAULT_TIMEOUT_MS = 3_000;
  static final int DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;

  private Database() {}

  /**
   * The shared pool's name. The dev server ({@code chorus.app.DevServer}) starts a new generation of these classes,
   * in a class loader of its own named {@code chorus-dev-<n>}, beside the one serving and closes the old one once the new
   * one is up: a pool of the same name would be the same pool, closed under the new generation. Elsewhere
   * (the jar, tests) there is one generation and the name is {@code chorus-pg}.
   */
  static final String POOL_NAME = poolName(Database.class.getClassLoader().getName());

  static String poolName(String loader) {
    return loader != null && loader.startsWith("chorus-dev-") ? "chorus-pg-" + loader.substring("chorus-dev-".length()) : "chorus-pg";
  }

  public static Pool pool(Vertx vertx, Config config) {
    Built.one(Built.PG_POOL);
    PoolOptions pool = new PoolOptions()
        .setMaxSize(config.integer("pg.poolSize"))
        .setShared(true)
        .setName(POOL_NAME)
        .setConnectionTimeout(millis(config, "pg.timeoutMs", DEFAULT_TIMEOUT_MS))
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxWaitQueueSize(1_000);
    PgConnectOptions connect = connectOptions(config)
        .addProperty("statement_timeout", String.valueOf(millis(config, "pg.statementTimeoutMs", DEFAULT_STATEMENT_TIMEOUT_MS)));
    return PgBuilder.pool().with(pool).with(net(config)).connectingTo(connect).using(vertx).build();
  }

  /** A one-connection pool for start-up work such as migrations. */
  public static Pool migrationPool(Vertx vertx, Config config) {
    PoolOptions pool = new PoolOptions().setMaxSize(1).setName("chorus-pg-migrate").setConnectionTimeout(30);
    return PgBuilder.pool().with(pool).with(net(config)).connectingTo(connectOptions(config)).using(vertx).build();
  }

  /** Connect within the timeout; TCP keep-alive so a peer that vanished is noticed on idle connections. */
  private static NetClientOptions net(Config config) {
    return new NetClientOptions().setConnectTimeout(millis(config, "pg.timeoutMs", DEFAULT_TIMEOUT_MS)).setTcpKeepAlive(true);
  }

  private static int millis(Config config, String key, int fallback) {
    return config.has(key) ? config.integer(key) : fallback;
  }

  private static PgConnectOptions connectOptions(Config config) {
    return PgConnectOptions.fromUri(config.string("pg.url")).setCachePreparedStatements(true);
  }
}
