package chorus.db;

import chorus.core.Failure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** The fans table: one row per fan key; erasure leaves a tombstone so the fan id stays dead. */
public final class Fans {
  private Fans() {}

  static final String ENSURE = "INSERT INTO fans (fan_key) VALUES ($1) "
      + "ON CONFLICT (fan_key) DO UPDATE SET fan_key = EXCLUDED.fan_key RETURNING erased_at";
  private static final String FIND = "SELECT erased_at FROM fans WHERE fan_key = $1";

  /** Creates the fan on first use; fails with 410 when this fan id was erased. */
  public static Future<Void> ensure(SqlClient sql, Buffer fanKey) {
    return sql.preparedQuery(ENSURE).execute(Tuple.of(fanKey)).compose(rows -> {
      Row r = rows.iterator().next();
      return r.getValue(0) == null ? Future.succeededFuture() : Future.failedFuture(erased());
    });
  }

  /** {@code true} if the fan exists, {@code false} if never seen; fails with 410 when erased. */
  public static Future<Boolean> exists(SqlClient sql, Buffer fanKey) {
    return sql.preparedQuery(FIND).execute(Tuple.of(fanKey)).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture(false);
      return rows.iterator().next().getValue(0) == null ? Future.succeededFuture(true) : Future.failedFuture(erased());
    });
  }

  static Failure erased() {
    return Failure.of(Failure.Kind.GONE, "fan-erased", "Fan erased", "This fan id was erased; the page will make a new one.");
  }
}
