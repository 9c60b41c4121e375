package chorus.db;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The recordings table: a fan's takes, pending until their upload is checked. */
public final class Recordings {
  private Recordings() {}

  /** How many takes a fan keeps; creating one more drops the oldest. */
  public static final int KEPT = 3;

  /**
   * {@code verdict}: the audio pipeline's ({@code pending} until it has run); {@code analysis}: its figures or null;
   * {@code previewKey}: "hear yourself", the fan's voice over the track, once the take is approved (gone on rejection).
   */
  public record Take(UUID id, String objectKey, String contentType, long bytes, int durationMs, String status, String detected,
                     java.time.OffsetDateTime createdAt, String verdict, JsonObject analysis, String previewKey) {
    static Take of(Row r) {
      return new Take(r.getUUID("id"), r.getString("object_key"), r.getString("content_type"), r.getLong("bytes"),
          r.getInteger("duration_ms"), r.getString("status"), r.getString("detected"), r.getOffsetDateTime("created_at"),
          r.getString("verdict"), (JsonObject) r.getValue("analysis"), r.getString("preview_key"));
    }

    public JsonObject toJson() {
      JsonObject j = new JsonObject().put("recordingId", id.toString()).put("status", status).put("bytes", bytes)
          .put("contentType", contentType).put("durationMs", durationMs).put("createdAt", createdAt.toString())
          .put("verdict", verdict);
      if (detected != null) j.put("detected", detected);
      if (analysis != null) j.put("analysis", analysis);
      return j;
    }
  }

  // a rejected take's preview is deleted by a job soon after the decision: from the decision on, it is not offered
  private static final String COLUMNS = "id, object_key, content_type, bytes, duration_ms, status, detected, created_at, verdict, analysis, "
      + "CASE WHEN decision = 'approved' THEN preview_key END AS preview_key";
  /** The preview of the newest take of the fan behind a share page, if one was rendered (along the fan's takes). */
  private static final String PREVIEW_FOR_SHARE = "SELECT r.preview_key FROM artworks a JOIN recordings r ON r.fan_key = a.fan_key "
      + "WHERE a.share_id = $1 AND r.preview_key IS NOT NULL AND r.decision = 'approved' ORDER BY r.created_at DESC LIMIT 1";
  private static final String INSERT = "INSERT INTO recordings (id, fan_key, object_key, upload_key, content_type, bytes, duration_ms, status, "
      + "take_id, offset_ms, offset_method) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, $10) "
      + "ON CONFLICT (fan_key, take_id) WHERE take_id IS NOT NULL DO NOTHING RETURNING id";
  private static final String BY_TAKE_ID = "SELECT id, content_type, bytes, duration_ms, status, upload_key FROM recordings "
      + "WHERE fan_key = $1 AND take_id = $2";
  private static final String BEYOND_KEPT = "DELETE FROM recordings WHERE id IN (SELECT id FROM recordings WHERE fan_key = $1 "
      + "AND status <> 'expired' ORDER BY created_at DESC, id OFFSET " + KEPT + ") RETURNING object_key, upload_key";
  private static final String FIND = "SELECT " + COLUMNS + " FROM recordings WHERE id = $1 AND fan_key = $2";
  private static final String FOR_FAN = "SELECT " + COLUMNS + " FROM recordings WHERE fan_key = $1 AND status <> 'expired' ORDER BY created_at DESC";
  private static final String KEYS_FOR_FAN = "SELECT object_key, upload_key, producer_key FROM recordings WHERE fan_key = $1";
  private static final String UPLOAD_KEY = "SELECT upload_key FROM recordings WHERE id = $1";
  private static final String COMPLETE = "UPDATE recordings SET status = 'complete', detected = $2, completed_at = now() "
      + "WHERE id = $1 AND status = 'pending'";
  private static final String UNSWEPT = "SELECT id, status, object_key, upload_key FROM recordings WHERE upload_key IS NOT NULL "
      + "AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT $2";
  private static final String SWEPT = "UPDATE recordings SET upload_key = NULL, "
      + "status = CASE WHEN status = 'pending' THEN 'expired' ELSE status END WHERE id = $1";
  private static final String DELETE = "DELETE FROM recordings WHERE id = $1";
  private static final String COMPLETED_KEY = "SELECT object_key FROM recordings WHERE id = $1 AND status = 'complete'";
  private static final String ANALYSED = "UPDATE recordings SET verdict = $2, analysis = $3, producer_key = $4 "
      + "WHERE id = $1 AND status = 'complete' RETURNING id";

  /** The storage key of the "hear yourself" preview of the fan behind this share page, or null. */
  public static Future<String> previewForShare(SqlClient sql, String shareId) {
    return sql.preparedQuery(PREVIEW_FOR_SHARE).execute(Tuple.of(shareId)).map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /** Where the page says the take's first sample sits on the backing track's timeline, and how it measured it (null: not said). */
  public record Offset(int ms, String method) {
    public static final Offset NONE = new Offset(0, null);
  }

  /**
   * A pending take whose bytes go to {@code uploadKey} first and to {@code objectKey} once checked. With a
   * {@code takeId} the fan already used, nothing is inserted and the future holds false ({@link #byTakeId} finds it).
   */
  public static Future<Boolean> insert(SqlClient sql, UUID id, Buffer fanKey, String objectKey, String uploadKey, String contentType,
                                       long bytes, int durationMs, UUID takeId, Offset offset) {
    return sql.preparedQuery(INSERT).execute(Tuple.tuple(java.util.Arrays.asList(id, fanKey, objectKey, uploadKey, contentType, bytes, durationMs,
        takeId, offset.ms(), offset.method()))).map(rows -> rows.rowCount() == 1);
  }

  /** The take a fan created under a take id: what was asked for, and where its upload goes (null once swept). */
  public record Named(UUID id, String contentType, long bytes, int durationMs, String status, String uploadKey) {}

  /** The fan's take with this take id, or null. */
  public static Future<Named> byTakeId(SqlClient sql, Buffer fanKey, UUID takeId) {
    return sql.preparedQuery(BY_TAKE_ID).execute(Tuple.of(fanKey, takeId)).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      return new Named(r.getUUID(0), r.getString(1), r.getLong(2), r.getInteger(3), r.getString(4), r.getString(5));
    });
  }

  /** Deletes the fan's takes beyond the newest {@link #KEPT}; the future holds their object and upload keys. */
  public static Future<List<String>> pruneOld(SqlClient sql, Buffer fanKey) {
    return sql.preparedQuery(BEYOND_KEPT).execute(Tuple.of(fanKey)).map(Recordings::keys);
  }

  /** Every object of the fan's takes: original, staged upload, producer FLAC (erasure). */
  public static Future<List<String>> keysForFan(SqlClient sql, Buffer fanKey) {
    return sql.preparedQuery(KEYS_FOR_FAN).execute(Tuple.of(fanKey)).map(Recordings::keys);
  }

  private static List<String> keys(io.vertx.sqlclient.RowSet<Row> rows) {
    List<String> keys = new ArrayList<>();
    rows.forEach(r -> {
      keys.add(r.getString(0));
      if (r.getString(1) != null) keys.add(r.getString(1));
      if (r.getString(2) != null) keys.add(r.getString(2));
    });
    return keys;
  }

  /** Where the take's upload goes (null once swept). */
  public static Future<String> uploadKey(SqlClient sql, UUID id) {
    return sql.preparedQuery(UPLOAD_KEY).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /** A take whose upload URL has expired and whose staging object has not been swept yet. */
  public record Unswept(UUID id, String status, String objectKey, String uploadKey) {}

  /** Up to {@code limit} takes granted more than {@code olderThanSeconds} ago that still have a staging key. */
  public static Future<List<Unswept>> unswept(SqlClient sql, long olderThanSeconds, int limit) {
    return sql.preparedQuery(UNSWEPT).execute(Tuple.of((double) olderThanSeconds, limit)).map(rows -> {
      List<Unswept> list = new ArrayList<>();
      rows.forEach(r -> list.add(new Unswept(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3))));
      return list;
    });
  }

  /** Marks the staging object gone; a take never completed becomes {@code expired}. */
  public static Future<Void> swept(SqlClient sql, UUID id) {
    return sql.preparedQuery(SWEPT).execute(Tuple.of(id)).mapEmpty();
  }

  public static Future<Take> find(SqlClient sql, UUID id, Buffer fanKey) {
    return sql.preparedQuery(FIND).execute(Tuple.of(id, fanKey)).map(rows -> rows.size() == 0 ? null : Take.of(rows.iterator().next()));
  }

  public static Future<List<Take>> forFan(SqlClient sql, Buffer fanKey) {
    return sql.preparedQuery(FOR_FAN).execute(Tuple.of(fanKey)).map(rows -> {
      List<Take> takes = new ArrayList<>();
      rows.forEach(r -> takes.add(Take.of(r)));
      return takes;
    });
  }

  /** Marks a pending take complete; {@code false} when it was no longer pending (completed concurrently). */
  public static Future<Boolean> complete(SqlClient sql, UUID id, String detected) {
    return sql.preparedQuery(COMPLETE).execute(Tuple.of(id, detected)).map(rows -> rows.rowCount() == 1);
  }

  public static Future<Void> delete(SqlClient sql, UUID id) {
    return sql.preparedQuery(DELETE).execute(Tuple.of(id)).mapEmpty();
  }

  /** The object key of a completed take, or null when there is none (never completed, or erased since). */
  public static Future<String> completedKey(SqlClient sql, UUID id) {
    return sql.preparedQuery(COMPLETED_KEY).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /** Stores the audio pipeline's verdict, figures and producer file; false when the take is gone. */
  public static Future<Boolean> saveAnalysis(SqlClient sql, UUID id, String verdict, JsonObject analysis, String producerKey) {
    return sql.preparedQuery(ANALYSED).execute(Tuple.of(id, verdict, analysis, producerKey)).map(rows -> rows.size() > 0);
  }
}
