package chorus.db;

import chorus.core.MailKind;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Locale;
import java.util.UUID;

/**
 * The subscriptions, contest_entries and the fan's rows of mail_outbox. A fan's address is a claim until
 * the mailbox confirms it through the link in the confirmation mail, which is bound to that claim: any fan may
 * claim any address (nobody learns whether it joined before), and the mailbox alone decides which fan holds
 * it. Addresses compare case-insensitively; one confirmed claim and one counted contest entry per mailbox.
 */
public final class Subscriptions {
  private Subscriptions() {}

  /** A subscription as stored; {@code confirmed} is the newsletter's double opt-in, {@code emailConfirmed} the address's. */
  public record Subscription(String email, String name, String team, String lang, boolean newsletter, boolean confirmed,
                             boolean unsubscribed, boolean emailConfirmed, UUID claim) {
    public static Subscription of(Row r) {
      boolean unsubscribed = r.getValue("unsubscribed_at") != null;
      return new Subscription(r.getString("email"), r.getString("name"), r.getString("team"), r.getString("lang"),
          r.getBoolean("newsletter"), r.getValue("newsletter_confirmed_at") != null && !unsubscribed, unsubscribed,
          r.getValue("email_confirmed_at") != null, r.getUUID("claim"));
    }

    /** Nothing to write: same values, and not a newsletter sign-up after an unsubscribe. */
    public boolean sameAs(String email, String name, String team, String lang, boolean newsletter) {
      return this.email.equals(email) && this.name.equals(name) && this.team.equals(team) && this.lang.equals(lang)
          && this.newsletter == newsletter && !(newsletter && unsubscribed);
    }

    /** Signing up for the newsletter again after unsubscribing: needs a fresh confirmation. */
    public boolean resubscribes(boolean newsletter) {
      return newsletter && unsubscribed;
    }

    /** Another mailbox than the one claimed now (a change of letter case is the same mailbox). */
    public boolean otherMailbox(String email) {
      return !this.email.toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT));
    }
  }

  private static final String FOR_FAN = "SELECT email, name, team, lang, newsletter, newsletter_confirmed_at, unsubscribed_at, "
      + "email_confirmed_at, claim FROM subscriptions WHERE fan_key = $1";
  private static final String INSERT = "INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter) "
      + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING claim";
  /** Another mailbox starts a new, unconfirmed claim; a change of case keeps the confirmation. */
  private static final String UPDATE = "UPDATE subscriptions SET email = $2, name = $3, team = $4, lang = $5, newsletter = $6, "
      + "claim = CASE WHEN lower(email) = lower($2) THEN claim ELSE gen_random_uuid() END, "
      + "email_confirmed_at = CASE WHEN lower(email) = lower($2) THEN email_confirmed_at END, "
      + "newsletter_confirmed_at = CASE WHEN lower(email) = lower($2) AND NOT ($6 AND unsubscribed_at IS NOT NULL) THEN newsletter_confirmed_at END, "
      + "unsubscribed_at = CASE WHEN $6 THEN NULL ELSE unsubscribed_at END, updated_at = now() WHERE fan_key = $1 RETURNING claim";
  private static final String LIFT_UNSUBSCRIBE = "DELETE FROM mail_suppressions WHERE email = lower($1) AND reason = 'unsubscribe'";
  private static final String MOVE_ENTRY = "UPDATE contest_entries SET email = $2, "
      + "confirmed_at = CASE WHEN lower(email) = lower($2) THEN confirmed_at END WHERE fan_key = $1";
  /** The entry counts at once when the fan's address is already confirmed, else once it is. */
  private static final String ENTER = "INSERT INTO contest_entries (email, fan_key, terms_version, confirmed_at) "
      + "SELECT email, fan_key, $2, email_confirmed_at FROM subscriptions WHERE fan_key = $1 ON CONFLICT (fan_key) DO NOTHING";
  private static final String ENTERED = "SELECT 1 FROM contest_entries WHERE fan_key = $1";
  private static final String OUTBOX = "INSERT INTO mail_outbox (fan_key, kind, email, lang, payload, message_id) "
      + "VALUES ($1, $2, $3, $4, $5, $6)";

  // The mailbox confirms a claim: one confirmation per address at a time, other fans' holds on it released.
  private static final String LOCK_MAILBOX = "SELECT pg_advisory_xact_lock(hashtext(lower($1)))";
  private static final String CLAIMED = "SELECT fan_key, email_confirmed_at, newsletter_confirmed_at FROM subscriptions "
      + "WHERE claim = $1 AND lower(email) = lower($2) FOR UPDATE";
  private static final String RELEASE_OTHERS = "UPDATE subscriptions SET email_confirmed_at = NULL, newsletter_confirmed_at = NULL, "
      + "updated_at = now() WHERE lower(email) = lower($1) AND claim <> $2 AND email_confirmed_at IS NOT NULL";
  private static final String RELEASE_OTHER_ENTRIES = "UPDATE contest_entries SET confirmed_at = NULL "
      + "WHERE lower(email) = lower($1) AND fan_key <> $2 AND confirmed_at IS NOT NULL";
  /** The mailbox itself asks for the newsletter again: its own unsubscribe is lifted (bounces and complaints stay). */
  private static final String LIFT_ON_CONFIRM = "DELETE FROM mail_suppressions WHERE email = lower($1) AND reason = 'unsubscribe' "
      + "AND EXISTS (SELECT 1 FROM subscriptions WHERE claim = $2 AND newsletter AND unsubscribed_at IS NULL)";
  private static final String CONFIRM = "UPDATE subscriptions SET email_confirmed_at = coalesce(email_confirmed_at, now()), "
      + "newsletter_confirmed_at = CASE WHEN newsletter AND unsubscribed_at IS NULL "
      + "AND NOT EXISTS (SELECT 1 FROM mail_suppressions s WHERE s.email = lower($2)) "
      + "THEN coalesce(newsletter_confirmed_at, now()) ELSE newsletter_confirmed_at END, updated_at = now() WHERE claim = $1 "
      + "RETURNING email, lang, name, team, newsletter, newsletter_confirmed_at";
  private static final String CONFIRM_ENTRY = "UPDATE contest_entries SET confirmed_at = coalesce(confirmed_at, now()) "
      + "WHERE fan_key = $1 AND lower(email) = lower($2)";

  /**
   * A subscription in one statement and one round trip, no transaction around it: the fan ensured, the
   * subscription written if the fan has none, with its confirmation mail and contest entry; the fan's existing
   * subscription and entry returned otherwise. The statement's parts see one snapshot, so a fan that raced
   * itself writes nothing here ({@link Attempt#created} and {@link Attempt#existing} both null) and the caller
   * takes the general path.
   */
  private static final String SUBSCRIBE = "WITH f AS (" + Fans.ENSURE + "), "
      + "e AS (" + FOR_FAN + "), "
      + "s AS (INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter) "
      + "SELECT $1, $2, $3, $4, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM e) AND (SELECT erased_at FROM f) IS NULL "
      + "ON CONFLICT (fan_key) DO NOTHING RETURNING claim, email), "
      + "o AS (INSERT INTO mail_outbox (fan_key, kind, email, lang, payload, message_id) "
      + "SELECT $1, $7, s.email, $5, jsonb_build_object('newsletter', $6::boolean, 'claim', s.claim), $8 FROM s RETURNING 1), "
      + "c AS (INSERT INTO contest_entries (email, fan_key, terms_version, confirmed_at) "
      + "SELECT s.email, $1, $9, NULL FROM s WHERE $10 ON CONFLICT (fan_key) DO NOTHING RETURNING 1) "
      + "SELECT (SELECT erased_at FROM f) AS erased_at, (SELECT claim FROM s) AS created_claim, "
      + "EXISTS (SELECT 1 FROM c) AS entered_now, "
      + "EXISTS (" + ENTERED + ") AS entered_before, e.* FROM (SELECT 1) AS one LEFT JOIN e ON true";

  /** What {@link #subscribe} did or found: the claim it created, else the fan's subscription as it was. */
  public record Attempt(UUID created, boolean entered, Subscription existing) {}

  public static Future<Attempt> subscribe(SqlClient sql, Buffer fanKey, String email, String name, String team, String lang,
                                          boolean newsletter, String mailKind, String messageId, boolean contest, String termsVersion) {
    return sql.preparedQuery(SUBSCRIBE).execute(Tuple.from(new Object[] {fanKey, email, name, team, lang, newsletter, mailKind,
        messageId, termsVersion, contest})).compose(rows -> {
          Row r = rows.iterator().next();
          if (r.getValue("erased_at") != null) return Future.failedFuture(Fans.erased());
          boolean entered = r.getBoolean("entered_now") || r.getBoolean("entered_before");
          return Future.succeededFuture(new Attempt(r.getUUID("created_claim"), entered,
              r.getString("email") == null ? null : Subscription.of(r)));
        });
  }

  public static Future<Subscription> find(SqlClient sql, Buffer fanKey) {
    return sql.preparedQuery(FOR_FAN).execute(Tuple.of(fanKey))
        .map(rows -> rows.size() == 0 ? null : Subscription.of(rows.iterator().next()));
  }

  /** Inserts a new, unconfirmed claim; the future holds its claim id. */
  public static Future<UUID> insert(SqlClient sql, Buffer fanKey, String email, String name, String team, String lang, boolean newsletter) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(fanKey, email, name, team, lang, newsletter))
        .map(rows -> rows.iterator().next().getUUID(0));
  }

  /** Updates the fan's subscription; the future holds the claim id (a new one for another mailbox). */
  public static Future<UUID> update(SqlClient sql, Buffer fanKey, String email, String name, String team, String lang, boolean newsletter) {
    return sql.preparedQuery(UPDATE).execute(Tuple.of(fanKey, email, name, team, lang, newsletter))
        .map(rows -> rows.iterator().next().getUUID(0))
        .compose(claim -> sql.preparedQuery(MOVE_ENTRY).execute(Tuple.of(fanKey, email)).map(claim));
  }

  /** A fan whose claim the mailbox confirmed lifts its own unsubscribe; bounces and complaints stay suppressed. */
  public static Future<Void> liftUnsubscribe(SqlClient sql, String email) {
    return sql.preparedQuery(LIFT_UNSUBSCRIBE).execute(Tuple.of(email)).mapEmpty();
  }

  public static Future<Void> enterContest(SqlClient sql, Buffer fanKey, String termsVersion) {
    return sql.preparedQuery(ENTER).execute(Tuple.of(fanKey, termsVersion)).mapEmpty();
  }

  public static Future<Boolean> entered(SqlClient sql, Buffer fanKey) {
    return sql.preparedQuery(ENTERED).execute(Tuple.of(fanKey)).map(rows -> rows.size() > 0);
  }

  public static Future<Void> queueMail(SqlClient sql, Buffer fanKey, String kind, String email, String lang, JsonObject payload, String messageId) {
    return sql.preparedQuery(OUTBOX).execute(Tuple.of(fanKey, kind, email, lang, payload, messageId)).mapEmpty();
  }

  /**
   * The mailbox followed the confirmation link of {@code claim}: the address (and the newsletter, when asked)
   * is confirmed for that fan, its contest entry counts, and any other fan's confirmation of the same mailbox
   * is released. When the click confirmed something new (the address, or the newsletter asked for again), the
   * fan's welcome mail is queued with {@code welcomeMessageId}, in the same transaction: one welcome per
   * confirmation, none for a repeated click. False when the claim is gone (the fan changed address or was erased).
   */
  public static Future<Boolean> confirm(Pool pool, String email, UUID claim, String welcomeMessageId) {
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK_MAILBOX).execute(Tuple.of(email))
        .compose(v -> conn.preparedQuery(CLAIMED).execute(Tuple.of(claim, email)))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(false);
          Row before = rows.iterator().next();
          Buffer fan = before.getBuffer("fan_key");
          return conn.preparedQuery(RELEASE_OTHERS).execute(Tuple.of(email, claim))
              .compose(v -> conn.preparedQuery(RELEASE_OTHER_ENTRIES).execute(Tuple.of(email, fan)))
              .compose(v -> conn.preparedQuery(LIFT_ON_CONFIRM).execute(Tuple.of(email, claim)))
              .compose(v -> conn.preparedQuery(CONFIRM).execute(Tuple.of(claim, email)))
              .compose(after -> {
                Row now = after.iterator().next();
                boolean fresh = before.getValue("email_confirmed_at") == null
                    || before.getValue("newsletter_confirmed_at") == null && now.getValue("newsletter_confirmed_at") != null;
                if (!fresh) return Future.<Void>succeededFuture();
                JsonObject payload = new JsonObject().put("name", now.getString("name")).put("team", now.getString("team"))
                    .put("newsletter", now.getBoolean("newsletter"));
                return queueMail(conn, fan, MailKind.WELCOME.id, now.getString("email"), now.getString("lang"), payload, welcomeMessageId);
              })
              .compose(v -> conn.preparedQuery(CONFIRM_ENTRY).execute(Tuple.of(fan, email)))
              .map(true);
        }));
  }
}
