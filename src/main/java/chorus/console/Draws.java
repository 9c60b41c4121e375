package chorus.console;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The contest draw, all in the database so that a million entries never sit in memory. Freezing takes every
 * entry under the current terms whose address is confirmed, one per mailbox (lower case, {@code +tag}
 * dropped), each under a pseudonymous entry id (keyed SHA-256 of the mailbox, 32 hex digits). The canonical
 * list is the entry ids in ascending order, one per line, each ending in {@code \n}; its SHA-256 is published
 * with the count. Winners are the entries ordered by {@code SHA-256(seed ‖ entry id)} (UTF-8 bytes, compared
 * as unsigned bytes), skipping those redrawn; {@code tools/draw/Verify.java} recomputes them.
 */
public final class Draws {
  private Draws() {}

  static final String MAILBOX = "lower(regexp_replace(e.email, '\\+[^@]*@', '@'))";
  private static final String CREATE = "INSERT INTO contest_draws (frozen_by, terms_version, winners, entry_count, list_sha256) "
      + "VALUES ($1, $2, $3, 0, '') RETURNING id";
  private static final String FREEZE = "INSERT INTO contest_draw_entries (draw_id, entry_id, email) "
      + "SELECT $1, left(encode(sha256(convert_to($2 || ':' || mailbox, 'UTF8')), 'hex'), 32), email FROM ("
      + "SELECT DISTINCT ON (mailbox) " + MAILBOX + " AS mailbox, e.email FROM contest_entries e "
      + "JOIN subscriptions s ON s.fan_key = e.fan_key WHERE e.terms_version = $3 AND s.newsletter_confirmed_at IS NOT NULL "
      + "AND s.unsubscribed_at IS NULL ORDER BY mailbox, e.entered_at) m";
  private static final String SEAL = "UPDATE contest_draws d SET entry_count = x.n, list_sha256 = x.h FROM ("
      + "SELECT count(*) AS n, encode(sha256(convert_to(coalesce(string_agg(entry_id || E'\\n', '' ORDER BY entry_id COLLATE \"C\"), ''), 'UTF8')), 'hex') AS h "
      + "FROM contest_draw_entries WHERE draw_id = $1) x WHERE d.id = $1 RETURNING d.entry_count, d.list_sha256";
  private static final String COLUMNS = "id, frozen_at, frozen_by, terms_version, winners, entry_count, list_sha256, seed, seeded_at, seeded_by";
  private static final String LATEST = "SELECT " + COLUMNS + " FROM contest_draws ORDER BY id DESC LIMIT 1";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM contest_draws WHERE id = $1";
  private static final String SEED = "UPDATE contest_draws SET seed = $2, seeded_at = now(), seeded_by = $3 WHERE id = $1 AND seed IS NULL";
  private static final String WINNERS = "SELECT e.entry_id, e.email, encode(sha256(convert_to($2 || e.entry_id, 'UTF8')), 'hex') AS score "
      + "FROM contest_draw_entries e WHERE e.draw_id = $1 AND NOT EXISTS (SELECT 1 FROM contest_draw_redraws r "
      + "WHERE r.draw_id = e.draw_id AND r.entry_id = e.entry_id) ORDER BY sha256(convert_to($2 || e.entry_id, 'UTF8')) LIMIT $3";
  private static final String REDRAWS = "SELECT entry_id, reason, decided_at, decided_by FROM contest_draw_redraws WHERE draw_id = $1 "
      + "ORDER BY decided_at";
  private static final String REDRAW = "INSERT INTO contest_draw_redraws (draw_id, entry_id, reason, decided_by) VALUES ($1, $2, $3, $4) "
      + "ON CONFLICT DO NOTHING";
  static final String ENTRIES = "SELECT entry_id FROM contest_draw_entries WHERE draw_id = $1 ORDER BY entry_id COLLATE \"C\"";

  public record Draw(int id, String frozenAt, String frozenBy, String termsVersion, int winners, int entryCount, String listSha256,
                     String seed, String seededAt) {
    static Draw of(Row r) {
      return new Draw(r.getInteger("id"), r.getOffsetDateTime("frozen_at").toString(), r.getString("frozen_by"), r.getString("terms_version"),
          r.getInteger("winners"), r.getInteger("entry_count"), r.getString("list_sha256"), r.getString("seed"),
          r.getValue("seeded_at") == null ? null : r.getOffsetDateTime("seeded_at").toString());
    }

    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("frozenAt", frozenAt).put("frozenBy", frozenBy).put("termsVersion", termsVersion)
          .put("winners", winners).put("entryCount", entryCount).put("listSha256", listSha256).put("seed", seed).put("seededAt", seededAt);
    }
  }

  /** Freezes the eligible entries into a new draw (in the caller's transaction). */
  public static Future<Draw> freeze(SqlClient tx, String actor, String termsVersion, int winners, String secret) {
    return tx.preparedQuery(CREATE).execute(Tuple.of(actor, termsVersion, winners)).map(rows -> rows.iterator().next().getInteger(0))
        .compose(id -> tx.preparedQuery(FREEZE).execute(Tuple.of(id, secret + ":draw:" + id, termsVersion))
            .compose(v -> tx.preparedQuery(SEAL).execute(Tuple.of(id)))
            .compose(v -> byId(tx, id)));
  }

  public static Future<Draw> latest(SqlClient sql) {
    return sql.query(LATEST).execute().map(rows -> rows.size() == 0 ? null : Draw.of(rows.iterator().next()));
  }

  public static Future<Draw> byId(SqlClient sql, int id) {
    return sql.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : Draw.of(rows.iterator().next()));
  }

  /** {@code false} when the draw already has its seed. */
  public static Future<Boolean> seed(SqlClient sql, int id, String seed, String actor) {
    return sql.preparedQuery(SEED).execute(Tuple.of(id, seed, actor)).map(rows -> rows.rowCount() == 1);
  }

  public static Future<JsonArray> winners(SqlClient sql, Draw d) {
    if (d.seed() == null) return Future.succeededFuture(new JsonArray());
    return sql.preparedQuery(WINNERS).execute(Tuple.of(d.id(), d.seed(), d.winners())).map(rows -> {
      JsonArray out = new JsonArray();
      int rank = 1;
      for (Row r : rows) {
        out.add(new JsonObject().put("rank", rank++).put("entryId", r.getString("entry_id")).put("email", r.getString("email"))
            .put("score", r.getString("score")));
      }
      return out;
    });
  }

  public static Future<JsonArray> redraws(SqlClient sql, int id) {
    return sql.preparedQuery(REDRAWS).execute(Tuple.of(id)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(new JsonObject().put("entryId", r.getString("entry_id")).put("reason", r.getString("reason"))
          .put("decidedAt", r.getOffsetDateTime("decided_at").toString()).put("decidedBy", r.getString("decided_by"))));
      return out;
    });
  }

  public static Future<Void> redraw(SqlClient sql, int id, String entryId, String reason, String actor) {
    return sql.preparedQuery(REDRAW).execute(Tuple.of(id, entryId, reason, actor)).mapEmpty();
  }

  static List<String> ids(JsonArray winners) {
    List<String> ids = new ArrayList<>();
    winners.forEach(w -> ids.add(((JsonObject) w).getString("entryId")));
    return ids;
  }
}
