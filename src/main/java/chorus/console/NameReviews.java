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

/** Artwork names under review: flagged by the word lists or by reports; approving keeps them, rejecting withdraws the artwork. */
public final class NameReviews {
  private NameReviews() {}

  public record Name(String shareId, String name, String lang, String team, String status, JsonArray matches, int reports,
                     OffsetDateTime createdAt, JsonObject images) {
    static Name of(Row r) {
      return new Name(r.getString("share_id"), r.getString("name"), r.getString("lang"), r.getString("team"), r.getString("name_status"),
          r.getJsonArray("name_matches"), r.getInteger("reports"), r.getOffsetDateTime("created_at"), r.getJsonObject("images"));
    }

    public JsonObject toJson() {
      return new JsonObject().put("shareId", shareId).put("name", name).put("lang", lang).put("team", team).put("status", status)
          .put("matches", matches == null ? new JsonArray() : matches).put("reports", reports).put("createdAt", createdAt.toString());
    }
  }

  /** What a decision changed: the name, and the image keys (deleted when the name is rejected). */
  public record Decided(String name, List<String> imageKeys, JsonArray matches) {}

  private static final String COLUMNS = "share_id, name, lang, team, name_status, name_matches, reports, created_at, images";
  private static final String PAGE = "SELECT " + COLUMNS + " FROM artworks WHERE name_status = $1 "
      + "AND (created_at, share_id) > (coalesce($2::timestamptz, '-infinity'), coalesce($3::text, '')) "
      + "ORDER BY created_at, share_id LIMIT $4";
  private static final String APPROVE = "UPDATE artworks SET name_status = 'approved' WHERE share_id = $1 AND withdrawn_at IS NULL "
      + "RETURNING name, images, name_matches";
  private static final String REJECT = "UPDATE artworks SET name_status = 'rejected', withdrawn_at = coalesce(withdrawn_at, now()) "
      + "WHERE share_id = $1 RETURNING name, images, name_matches";
  private static final String REPORT = "UPDATE artworks SET reports = reports + 1, "
      + "name_status = CASE WHEN name_status = 'ok' THEN 'flagged' ELSE name_status END WHERE share_id = $1 RETURNING withdrawn_at";

  public static Future<List<Name>> page(SqlClient sql, String status, OffsetDateTime afterTime, String afterId, int limit) {
    return sql.preparedQuery(PAGE).execute(Tuple.of(status, afterTime, afterId, limit)).map(rows -> {
      List<Name> out = new ArrayList<>();
      rows.forEach(r -> out.add(Name.of(r)));
      return out;
    });
  }

  /** {@code null} when there is no such (live, for approval) artwork. */
  public static Future<Decided> decide(SqlClient sql, String shareId, boolean approve) {
    return sql.preparedQuery(approve ? APPROVE : REJECT).execute(Tuple.of(shareId)).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      List<String> keys = new ArrayList<>();
      r.getJsonObject("images").forEach(e -> keys.add(((JsonObject) e.getValue()).getString("key")));
      return new Decided(r.getString("name"), keys, r.getJsonArray("name_matches"));
    });
  }

  /** Counts a report and flags an unreviewed name; the future holds false for an unknown share id, and fails for a withdrawn one. */
  public static Future<Boolean> report(SqlClient sql, String shareId) {
    return sql.preparedQuery(REPORT).execute(Tuple.of(shareId)).map(rows -> {
      if (rows.size() == 0) return false;
      if (rows.iterator().next().getValue(0) != null) throw new IllegalStateException("withdrawn");
      return true;
    });
  }
}
