package chorus.support;

import chorus.core.Config;
import chorus.db.Database;
import chorus.db.Migrator;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Blocking SQL and waiting helpers for tests against the real database. */
public final class Sql {
  private Sql() {}

  public static void migrate(Vertx vertx, Config config) {
    Pool p = Database.migrationPool(vertx, config);
    try {
      new Migrator(p).migrate().await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      p.close();
    }
  }

  public static RowSet<Row> sql(Pool pool, String sql, Object... args) {
    try {
      return pool.preparedQuery(sql).execute(Tuple.from(args)).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public static long count(Pool pool, String sql, Object... args) {
    return sql(pool, sql, args).iterator().next().getLong(0);
  }

  /** Waits up to {@code seconds} for the condition; false when it never held. */
  public static boolean eventually(int seconds, BooleanSupplier condition) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) return true;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }
}
