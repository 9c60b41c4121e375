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
  private static final String BY_IMAGE = "SELECT a.share_id, a.name, a.team, a.lang, a.images, a.withdrawn_at, a.fan_key FROM artwork_images i "
      + "JOIN artworks a ON a.share_id = i.share_id WHERE i.image_key = $1";
  private static final String INSERT = "WITH a AS (INSERT INTO artworks (share_id, fan_key, render_key, name, team, lang, images, name_status, name_matches) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (fan_key, render_key) DO NOTHING RETURNING share_id, images), "
      + "i AS (INSERT INTO artwork_images (image_key, share_id) SELECT e.value ->> 'key', a.share_id FROM a, jsonb_each(a.images) e "
      + "ON CONFLICT DO NOTHING) SELECT share_id FROM a";
  private static final String TODAY = "SELECT count(*), extract(epoch FROM min(created_at) + interval '1 day' - now())::bigint "
      + "FROM artworks WHERE fan_key = $1 AND created_at > now() - interval '1 day'";
  private static final String GONE = "SELECT 1 FROM gone_shares WHERE share_id = $1";

  /** An artwork and the fan it belongs to. */
  public record Owned(Artwork artwork, Buffer fanKey) {}

  /** How many artworks the fan had drawn in the last 24 hours, and in how many seconds the oldest of them leaves that window. */
  public record Today(long count, long secondsUntilOneFrees) {}

  public static Future<Artwork> byRender(SqlClient sql, Buffer fanKey, String renderKey) {
    return sql.preparedQuery(BY_RENDER).execute(Tuple.of(fanKey, renderKey)).map(rows -> rows.size() == 0 ? null : Artwork.of(rows.iterator().next()));
  }

  public static Future<Artwork> byShareId(SqlClient sql, String shareId) {
    return sql.preparedQuery(BY_SHARE).execute(Tuple.of(shareId)).map(rows -> rows.size() == 0 ? null : Artwork.of(rows.iterator().next()));
  }

  /** The artwork one of whose images is stored under {@code key} (indexed: {@code artwork_images}), or null. */
  public static Future<Owned> byImageKey(SqlClient sql, String key) {
    return sql.preparedQuery(BY_IMAGE).execute(Tuple.of(key)).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      return new Owned(Artwork.of(r), r.getBuffer("fan_key"));
    });
  }

  public static Future<Today> today(SqlClient sql, Buffer fanKey) {
    return sql.preparedQuery(TODAY).execute(Tuple.of(fanKey)).map(rows -> {
      Row r = rows.iterator().next();
      Long seconds = r.getLong(1);
      return new Today(r.getLong(0), seconds == null ? 0 : Math.max(1, seconds));
    });
  }

  /** True when the share page belonged to a fan who was erased. */
  public static Future<Boolean> gone(SqlClient sql, String shareId) {
    return sql.preparedQuery(GONE).execute(Tuple.of(shareId)).map(rows -> rows.size() > 0);
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
