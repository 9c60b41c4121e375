package chorus.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The one INSERT of the append-only audit log ({@code console_audit}), here below the features so that the fan
 * side can record an erasure in the same transaction as the erasure itself; the console reads and filters the
 * log ({@code chorus.console.Audit}).
 */
public final class AuditLog {
  private AuditLog() {}

  private static final String INSERT = "INSERT INTO console_audit (actor, action, target, details) VALUES ($1, $2, $3, $4)";

  public static Future<Void> write(SqlClient sql, String actor, String action, String target, JsonObject details) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(actor, action, target, details == null ? new JsonObject() : details)).mapEmpty();
  }
}
