package chorus.mail;

import chorus.jobs.LeasedTable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All SQL of the mail outbox. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and a lease, by the
 * same protocol as the job queue ({@link LeasedTable}): a claimed row is invisible to every other mailer
 * until it is marked or its lease runs out (the container that claimed it died), so two mailers never hold
 * the same row at once. Marks are fenced by the claim: a mailer whose lease ran out cannot mark a row
 * another mailer has taken over.
 */
public final class Outbox {

  /**
   * One claimed outbox row, with what the mailer needs to decide and compose: whether the row's fan holds the
   * address confirmed (for news such as {@code in_song}: and still asks for news), whether the fan completed a take, and the fan's newest artwork that was not withdrawn
   * ({@code shareId} and {@code artwork}: {@code {cover:{key,width,height}, name, team}}, both null without one).
   */
  public record Row(long id, String kind, String email, String lang, JsonObject payload, String messageId,
                    int attempts, boolean suppressed, String shareId, JsonObject artwork, boolean confirmed, boolean hasTake) {
    /** A row without a fan behind it (no confirmation, take or artwork known). */
    public Row(long id, String kind, String email, String lang, JsonObject payload, String messageId, int attempts, boolean suppressed) {
      this(id, kind, email, lang, payload, messageId, attempts, suppressed, null, null, false, false);
    }
  }

  /** A subscription {@code s} whose fan asked for news, confirmed it by mail and has not unsubscribed since. */
  static final String ASKED_FOR_NEWS = "(s.newsletter AND s.newsletter_confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL)";
  /**
   * "You're in the song" for the fan of an approved take with a preview, when the fan asked for news and holds the address
   * confirmed; at most one per fan (unique index {@code mail_outbox_in_song}), so a repeat inserts nothing.
   */
  private static final String IN_SONG = "INSERT INTO mail_outbox (fan_key, kind, email, lang, payload, message_id)"
      + " SELECT s.fan_key, 'in_song', s.email, s.lang, jsonb_build_object('recordingId', r.id::text, 'name', s.name, 'team', s.team), $2"
      + " FROM recordings r JOIN subscriptions s ON s.fan_key = r.fan_key"
      + " WHERE r.id = $1 AND r.decision = 'approved' AND r.preview_key IS NOT NULL AND s.email_confirmed_at IS NOT NULL AND " + ASKED_FOR_NEWS
      + " ON CONFLICT (fan_key) WHERE kind = 'in_song' DO NOTHING";

  /** The outbox's lease protocol is the job queue's (chorus.jobs.LeasedTable): one copy of it. */
  static final LeasedTable TABLE = new LeasedTable("mail_outbox", "status = 'pending'", "status = 'pending'",
      "next_attempt_at", "next_attempt_at, id");
  private static final String CLAIM = TABLE.claim("", "",
      "t.id, t.kind, t.email, t.lang, t.payload, t.message_id, t.attempts,"
          + " EXISTS (SELECT 1 FROM mail_suppressions s WHERE s.email = lower(t.email)) AS suppressed,"
          + " EXISTS (SELECT 1 FROM subscriptions s WHERE s.fan_key = t.fan_key AND lower(s.email) = lower(t.email)"
          + " AND s.email_confirmed_at IS NOT NULL AND (t.kind <> 'in_song' OR " + ASKED_FOR_NEWS + ")) AS confirmed,"
          + " EXISTS (SELECT 1 FROM recordings r WHERE r.fan_key = t.fan_key AND r.status = 'complete') AS has_take,"
          + " (SELECT jsonb_build_object('shareId', a.share_id, 'cover', a.images -> 'cover', 'name', a.name, 'team', a.team)"
          + " FROM artworks a WHERE a.fan_key = t.fan_key AND a.withdrawn_at IS NULL ORDER BY a.created_at DESC LIMIT 1) AS artwork");
  private static final String SENT = TABLE.fenced("status = 'sent', sent_at = now(), lease_until = NULL, last_error = NULL");
  private static final String RETRY = TABLE.fenced("next_attempt_at = now() + make_interval(secs => $4), lease_until = NULL, last_error = $5");
  private static final String FINISH = TABLE.fenced("status = $4, lease_until = NULL, last_error = $5");


  private final Pool pool;

  public Outbox(Pool pool) {
    this.pool = pool;
  }

  /**
   * Queues "you're in the song" for the fan of {@code take} once its preview is ready; true when a row was written
   * (false: the fan did not ask for news, is not confirmed, was mailed it before, or the take is no longer approved).
   */
  public Future<Boolean> queueInSong(java.util.UUID take, String messageId) {
    return update(IN_SONG, Tuple.of(take, messageId));
  }

  /** Claims up to {@code limit} due rows for {@code leaseSeconds}; each claim counts as an attempt. */
  public Future<List<Row>> claim(int limit, int leaseSeconds, String owner) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, (double) leaseSeconds, owner)).map(rows -> {
      List<Row> out = new ArrayList<>(rows.size());
      for (io.vertx.sqlclient.Row r : rows) {
        Object payload = r.getValue("payload");
        JsonObject artwork = r.getValue("artwork") instanceof JsonObject a ? a : null;
        out.add(new Row(r.getLong("id"), r.getString("kind"), r.getString("email"), r.getString("lang"),
            payload instanceof JsonObject j ? j : new JsonObject(), r.getString("message_id"), r.getInteger("attempts"),
            r.getBoolean("suppressed"), artwork == null ? null : artwork.getString("shareId"), artwork,
            r.getBoolean("confirmed"), r.getBoolean("has_take")));
      }
      out.sort((a, b) -> Long.compare(a.id(), b.id()));
      return out;
    });
  }

  /**
   * Counts today's confirmation mails for a batch in one statement: each address (the caller lower-cases
   * them) gains as many as it appears in the list; answers each address's new total.
   */
  public Future<Map<String, Integer>> countToday(List<String> emails) {
    if (emails.isEmpty()) return Future.succeededFuture(Map.of());
    return pool.preparedQuery("INSERT INTO mail_daily_counts (email, day, sent)"
            + " SELECT e, current_date, count(*) FROM unnest($1::text[]) e GROUP BY e"
            + " ON CONFLICT (email, day) DO UPDATE SET sent = mail_daily_counts.sent + EXCLUDED.sent RETURNING email, sent")
        .execute(Tuple.of(emails.toArray(new String[0]))).map(rows -> {
          Map<String, Integer> totals = new HashMap<>();
          for (io.vertx.sqlclient.Row r : rows) totals.put(r.getString(0), r.getInteger(1));
          return totals;
        });
  }

  /** Marks a claimed row sent; false when the claim no longer held it (another mailer took it over). */
  public Future<Boolean> markSent(Row row, String owner) {
    return update(SENT, Tuple.of(row.id(), owner, row.attempts()));
  }

  /** Gives the row back for another attempt after {@code delayMillis}. */
  public Future<Boolean> retryLater(Row row, String owner, long delayMillis, String error) {
    return update(RETRY, Tuple.of(row.id(), owner, row.attempts(), delayMillis / 1000.0, clip(error)));
  }

  /** A permanent failure: the row is never tried again. */
  public Future<Boolean> fail(Row row, String owner, String error) {
    return update(FINISH, Tuple.of(row.id(), owner, row.attempts(), "failed", clip(error)));
  }

  /** Not sent on purpose (suppressed address, daily cap); never tried again. */
  public Future<Boolean> skip(Row row, String owner, String reason) {
    return update(FINISH, Tuple.of(row.id(), owner, row.attempts(), "skipped", clip(reason)));
  }

  /** Adds an address to the suppression list (lower-cased); true when it was not there yet. */
  public Future<Boolean> suppress(String email, String reason, String detail) {
    return update("INSERT INTO mail_suppressions (email, reason, detail) VALUES (lower($1), $2, $3) ON CONFLICT (email) DO NOTHING",
        Tuple.of(email, reason, clip(detail)));
  }

  /** Unsubscribes at once: the subscription stops counting and the address is never mailed again. */
  public Future<Void> unsubscribe(String email, String reason) {
    return pool.withTransaction(conn -> conn.preparedQuery("UPDATE subscriptions SET unsubscribed_at = coalesce(unsubscribed_at, now()),"
                + " updated_at = now() WHERE lower(email) = lower($1)").execute(Tuple.of(email))
            .compose(v -> conn.preparedQuery("INSERT INTO mail_suppressions (email, reason) VALUES (lower($1), $2)"
                + " ON CONFLICT (email) DO NOTHING").execute(Tuple.of(email, reason))))
        .mapEmpty();
  }

  private Future<Boolean> update(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).map(r -> r.rowCount() > 0);
  }

  static String clip(String s) {
    if (s == null) return null;
    return s.length() > 500 ? s.substring(0, 500) : s;
  }
}
