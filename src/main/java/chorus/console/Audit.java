package chorus.console;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only audit log (console_audit; a trigger refuses UPDATE, DELETE and TRUNCATE): who did what to
 * what, when, with details. Every console action writes one row, in the same transaction as the change when
 * there is one.
 */
public final class Audit {
  private Audit() {}

  public static final String CLI = "cli";
  public static final String SYSTEM = "system";

  private static final String QUERY = "SELECT id, at, actor, action, target, details FROM console_audit "
      + "WHERE ($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR action = $2 OR action LIKE $2 || '.%') "
      + "AND ($3::text IS NULL OR target = $3) AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5) "
      + "AND ($6::bigint IS NULL OR id < $6) ORDER BY id DESC LIMIT $7";

  public static Future<Void> write(SqlClient sql, String actor, String action, String target, JsonObject details) {
    return chorus.db.AuditLog.write(sql, actor, action, target, details);
  }

  /** Filters (each optional): actor, action (or its prefix before a dot), target, time range; newest first, keyset on id. */
  public record Filter(String actor, String action, String target, OffsetDateTime from, OffsetDateTime to, Long before, int limit) {}

  public static Future<List<JsonObject>> query(SqlClient sql, Filter f) {
    return sql.preparedQuery(QUERY).execute(Tuple.from(new Object[] {f.actor(), f.action(), f.target(), f.from(), f.to(), f.before(), f.limit()}))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new JsonObject().put("id", r.getLong("id")).put("at", r.getOffsetDateTime("at").toString())
                .put("actor", r.getString("actor")).put("action", r.getString("action")).put("target", r.getString("target"))
                .put("details", r.getJsonObject("details")));
          }
          return out;
        });
  }

  public static JsonArray toArray(List<JsonObject> entries) {
    return new JsonArray(new ArrayList<>(entries));
  }
}
