package chorus.console;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Completed takes as the team sees them: oldest first, filtered, paged by (completed_at, id). Never the
 * fan's key or email; language and team come from the fan's subscription, else their newest artwork.
 */
public final class Takes {
  private Takes() {}

  public record Filter(String verdict, String lang, String country, String team, String decision, Cursor after, int limit) {}

  /** Where a page ended: opaque to clients (base64url of time and id). */
  public record Cursor(OffsetDateTime at, UUID id) {
    public String encode() {
      return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String text) {
      try {
        String[] p = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
        return new Cursor(OffsetDateTime.parse(p[0]), UUID.fromString(p[1]));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not a cursor from this API");
      }
    }
  }

  public record Take(UUID id, OffsetDateTime completedAt, int durationMs, String verdict, JsonObject analysis, String decision,
                     String reason, String objectKey, String producerKey, String contentType, int offsetMs, String lang, String team,
                     String country, String shareId) {
    static Take of(Row r) {
      return new Take(r.getUUID("id"), r.getOffsetDateTime("completed_at"), r.getInteger("duration_ms"), r.getString("verdict"),
          r.getJsonObject("analysis"), r.getString("decision"), r.getString("decision_reason"), r.getString("object_key"),
          r.getString("producer_key"), r.getString("content_type"), r.getInteger("offset_ms"), r.getString("lang"), r.getString("team"),
          r.getString("country"), r.getString("share_id"));
    }

    public Cursor cursor() {
      return new Cursor(completedAt, id);
    }

    /** What a moderator sees: no fan key, no email. */
    public JsonObject toJson() {
      return new JsonObject().put("recordingId", id.toString()).put("completedAt", completedAt.toString()).put("durationMs", durationMs)
          .put("verdict", verdict).put("analysis", analysis == null ? new JsonObject() : analysis).put("decision", decision)
          .put("reason", reason).put("offsetMs", offsetMs).put("lang", lang).put("team", team).put("country", country)
          .put("contentType", contentType);
    }
  }

  static final String SELECT = "SELECT r.id, r.completed_at, r.duration_ms, r.verdict, r.analysis, r.decision, r.decision_reason, "
      + "r.object_key, r.producer_key, r.content_type, r.offset_ms, coalesce(s.lang, a.lang) AS lang, coalesce(s.team, a.team) AS team, "
      + "f.country, a.share_id FROM recordings r "
      // each take looks up its own fan, subscription and artwork (LATERAL ... LIMIT 1: a lookup per take, never a join of whole tables)
      + "JOIN LATERAL (SELECT country FROM fans WHERE fan_key = r.fan_key LIMIT 1) f ON true "
      + "LEFT JOIN LATERAL (SELECT lang, team FROM subscriptions WHERE fan_key = r.fan_key LIMIT 1) s ON true "
      + "LEFT JOIN LATERAL (SELECT share_id, lang, team FROM artworks w WHERE w.fan_key = r.fan_key AND w.withdrawn_at IS NULL "
      + "ORDER BY w.created_at DESC LIMIT 1) a ON true ";
  /** One page of the queue, in keyset order along the index of completed takes. */
  private static final String PAGE = SELECT + "WHERE r.status = 'complete' AND ($1::text IS NULL OR r.verdict = $1) "
      + "AND ($2::text IS NULL OR coalesce(s.lang, a.lang) = $2) AND ($3::text IS NULL OR f.country = $3) "
      + "AND ($4::text IS NULL OR coalesce(s.team, a.team) = $4) "
      + "AND (CASE $5::text WHEN 'undecided' THEN r.decision IS NULL WHEN 'all' THEN true ELSE r.decision = $5 END) "
      + "AND (r.completed_at, r.id) > (coalesce($6::timestamptz, '-infinity'), coalesce($7::uuid, '00000000-0000-0000-0000-000000000000')) "
      + "ORDER BY r.completed_at, r.id LIMIT $8";
  private static final String DECIDE = "UPDATE recordings SET decision = $2, decision_reason = $3, decided_at = now(), decided_by = $4 "
      + "WHERE id = $1 AND status = 'complete' RETURNING verdict";
  private static final String APPROVE_OK = "UPDATE recordings SET decision = 'approved', decision_reason = $2, decided_at = now(), "
      + "decided_by = $3 WHERE id = ANY($1) AND status = 'complete' AND verdict = 'ok' AND decision IS NULL RETURNING id";

  public static Future<List<Take>> page(SqlClient sql, Filter f) {
    Object[] args = {f.verdict(), f.lang(), f.country(), f.team(), f.decision(), f.after() == null ? null : f.after().at(),
        f.after() == null ? null : f.after().id(), f.limit()};
    return sql.preparedQuery(PAGE).execute(Tuple.from(args)).map(rows -> {
      List<Take> takes = new ArrayList<>();
      rows.forEach(r -> takes.add(Take.of(r)));
      return takes;
    });
  }

  /** Records a decision ({@code approved} or {@code rejected}); the future holds the take's verdict, or null if no such completed take. */
  public static Future<String> decide(SqlClient sql, UUID id, String decision, String reason, UUID memberId) {
    return sql.preparedQuery(DECIDE).execute(Tuple.of(id, decision, reason, memberId.toString()))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /** Approves those of the given takes that are complete, verdict {@code ok} and undecided; the future holds their ids. */
  public static Future<List<UUID>> approveOk(SqlClient sql, List<UUID> ids, String reason, UUID memberId) {
    return sql.preparedQuery(APPROVE_OK).execute(Tuple.of(ids.toArray(new UUID[0]), reason, memberId.toString())).map(rows -> {
      List<UUID> approved = new ArrayList<>();
      rows.forEach(r -> approved.add(r.getUUID(0)));
      return approved;
    });
  }
}
