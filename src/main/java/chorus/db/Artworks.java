package chorus.db;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** The artworks table: one share page per (fan, render key), pointing at the stored images. */
public final class Artworks {
  private Artworks() {}

  /** {@code withdrawn}: its name was rejected in the console; the share page and images answer 410. */
  public record Artwork(String shareId, String name, String team, String lang, JsonObject images, boolean withdrawn) {
    public Artwork(String shareId, String name, String team, String lang, JsonObject images) {
      this(shareId, name, team, lang, images, false);
    }

    static Artwork of(Row r) {
      return new Artwork(r.getString("share_id"), r.getString("name"), r.getString("team"), r.getString("lang"), r.getJsonObject("images"),
          r.getValue("withdrawn_at") != null);
    }
  }

  private static final String COLUMNS = "share_id, name, team, lang, images, withdrawn_at";
  private static final String BY_RENDER = "SELECT " + COLUMNS + " FROM artworks WHERE fan_key = $1 AND render_key = $2";
  private static final String BY_SHARE = "SELECT " + COLUMNS + " FROM artworks WHERE share_id = $1";
  private static final String BY_IMAGE = "SELECT " + COLUMNS + " FROM artworks "
      + "WHERE jsonb_path_exists(images, '$.*.key ? (@ == $k)', jsonb_build_object('k', $1::text)) ORDER BY withdrawn_at NULLS FIRST LIMIT 1";
  private static final String INSERT = "INSERT INTO artworks (share_id, fan_key, render_key, name, team, lang, images, name_status, name_matches) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (fan_key, render_key) DO NOTHING RETURNING share_id";

  public static Future<Artwork> byRender(SqlClient sql, Buffer fanKey, String renderKey) {
    return sql.preparedQuery(BY_RENDER).execute(Tuple.of(fanKey, renderKey)).map(rows -> rows.size() == 0 ? null : Artwork.of(rows.iterator().next()));
  }

  public static Future<Artwork> byShareId(SqlClient sql, String shareId) {
    return sql.preparedQuery(BY_SHARE).execute(Tuple.of(shareId)).map(rows -> rows.size() == 0 ? null : Artwork.of(rows.iterator().next()));
  }

  public static Future<Artwork> byImageKey(SqlClient sql, String key) {
    return sql.preparedQuery(BY_IMAGE).execute(Tuple.of(key)).map(rows -> rows.size() == 0 ? null : Artwork.of(rows.iterator().next()));
  }

  /** Inserts; {@code false} when this fan already had this render (a concurrent request won). */
  public static Future<Boolean> insert(SqlClient sql, String shareId, Buffer fanKey, String renderKey, String name, String team,
                                       String lang, JsonObject images) {
    // every name is checked against the word lists: a match flags it for the console's review, never refuses it
    var matches = chorus.names.NameCheck.check(name, lang);
    return sql.preparedQuery(INSERT).execute(Tuple.from(new Object[] {shareId, fanKey, renderKey, name, team, lang, images,
        matches.isEmpty() ? "ok" : "flagged", matches.isEmpty() ? null : chorus.names.NameCheck.toJson(matches)})).map(rows -> rows.size() == 1);
  }
}
