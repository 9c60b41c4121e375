package chorus.db;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** The subscriptions, contest_entries and welcome-mail rows of mail_outbox. */
public final class Subscriptions {
  private Subscriptions() {}

  /** A subscription as stored. */
  public record Subscription(String email, String name, String team, String lang, boolean newsletter, boolean confirmed,
                             boolean unsubscribed) {
    public static Subscription of(Row r) {
      boolean unsubscribed = r.getValue("unsubscribed_at") != null;
      return new Subscription(r.getString("email"), r.getString("name"), r.getString("team"), r.getString("lang"),
          r.getBoolean("newsletter"), r.getValue("newsletter_confirmed_at") != null && !unsubscribed, unsubscribed);
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
  }

  private static final String OWNER_OF_EMAIL = "SELECT fan_key FROM subscriptions WHERE email = $1";
  private static final String FOR_FAN = "SELECT email, name, team, lang, newsletter, newsletter_confirmed_at, unsubscribed_at "
      + "FROM subscriptions WHERE fan_key = $1";
  private static final String INSERT = "INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter) "
      + "VALUES ($1, $2, $3, $4, $5, $6)";
  private static final String UPDATE = "UPDATE subscriptions SET email = $2, name = $3, team = $4, lang = $5, newsletter = $6, "
      + "newsletter_confirmed_at = CASE WHEN email = $2 AND NOT ($6 AND unsubscribed_at IS NOT NULL) THEN newsletter_confirmed_at END, "
      + "unsubscribed_at = CASE WHEN $6 THEN NULL ELSE unsubscribed_at END, updated_at = now() WHERE fan_key = $1";
  private static final String LIFT_UNSUBSCRIBE = "DELETE FROM mail_suppressions WHERE email = $1 AND reason = 'unsubscribe'";
  private static final String MOVE_ENTRY = "UPDATE contest_entries SET email = $2 WHERE fan_key = $1";
  private static final String ENTER = "INSERT INTO contest_entries (email, fan_key, terms_version) VALUES ($1, $2, $3) "
      + "ON CONFLICT (email) DO NOTHING";
  private static final String ENTERED = "SELECT 1 FROM contest_entries WHERE fan_key = $1";
  private static final String OUTBOX = "INSERT INTO mail_outbox (fan_key, kind, email, lang, payload, message_id) "
      + "VALUES ($1, $2, $3, $4, $5, $6)";

  public static Future<Buffer> ownerOf(SqlClient sql, String email) {
    return sql.preparedQuery(OWNER_OF_EMAIL).execute(Tuple.of(email))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0));
  }

  public static Future<Subscription> find(SqlClient sql, Buffer fanKey) {
    return sql.preparedQuery(FOR_FAN).execute(Tuple.of(fanKey))
        .map(rows -> rows.size() == 0 ? null : Subscription.of(rows.iterator().next()));
  }

  public static Future<Void> insert(SqlClient sql, Buffer fanKey, String email, String name, String team, String lang, boolean newsletter) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(fanKey, email, name, team, lang, newsletter)).mapEmpty();
  }

  public static Future<Void> update(SqlClient sql, Buffer fanKey, String email, String name, String team, String lang, boolean newsletter) {
    return sql.preparedQuery(UPDATE).execute(Tuple.of(fanKey, email, name, team, lang, newsletter))
        .compose(v -> sql.preparedQuery(MOVE_ENTRY).execute(Tuple.of(fanKey, email))).mapEmpty();
  }

  /** A fan who signs up again lifts their own unsubscribe; bounces and complaints stay suppressed. */
  public static Future<Void> liftUnsubscribe(SqlClient sql, String email) {
    return sql.preparedQuery(LIFT_UNSUBSCRIBE).execute(Tuple.of(email.toLowerCase(java.util.Locale.ROOT))).mapEmpty();
  }

  public static Future<Void> enterContest(SqlClient sql, Buffer fanKey, String email, String termsVersion) {
    return sql.preparedQuery(ENTER).execute(Tuple.of(email, fanKey, termsVersion)).mapEmpty();
  }

  public static Future<Boolean> entered(SqlClient sql, Buffer fanKey) {
    return sql.preparedQuery(ENTERED).execute(Tuple.of(fanKey)).map(rows -> rows.size() > 0);
  }

  public static Future<Void> queueMail(SqlClient sql, Buffer fanKey, String kind, String email, String lang, JsonObject payload, String messageId) {
    return sql.preparedQuery(OUTBOX).execute(Tuple.of(fanKey, kind, email, lang, payload, messageId)).mapEmpty();
  }
}
