package chorus.mail;

import chorus.campaign.Campaign;
import chorus.core.Config;
import chorus.support.Sql;
import chorus.support.TestServices;
import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** GreenMail (a real SMTP server, in-process) and SQL helpers shared by the mail tests. */
public final class MailTestSupport {
  private MailTestSupport() {}

  /**
   * GreenMail on 127.0.0.1:port with one recipient policy, as a real mail server has: addresses whose local
   * part starts with {@code reject} get {@code 550 5.1.1} (mailbox unavailable) at RCPT, echoing the address as
   * Postfix does.
   */
  public static GreenMail greenMail(int port) {
    return greenMail(port, null, null);
  }

  /** The same, requiring SMTP AUTH as the given user when {@code login} is not null. */
  public static GreenMail greenMail(int port, String login, String password) {
    GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)) {
      @Override
      protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers mgr) {
        SmtpManager smtp = new SmtpManager(mgr.getImapHostManager(), mgr.getUserManager()) {
          @Override
          public String checkRecipient(SmtpState state, MailAddress address) {
            return address.getUser().startsWith("reject") ? "550 5.1.1 <" + address + ">: Recipient address rejected: mailbox unavailable" : null;
          }
        };
        return super.createServices(config, new Managers() {
          @Override public SmtpManager getSmtpManager() { return smtp; }
          @Override public UserManager getUserManager() { return mgr.getUserManager(); }
          @Override public ImapHostManager getImapHostManager() { return mgr.getImapHostManager(); }
        });
      }
    };
    g.withConfiguration(login == null ? GreenMailConfiguration.aConfig().withDisabledAuthentication()
        : GreenMailConfiguration.aConfig().withUser(login, password));
    g.start();
    return g;
  }

  /** Production-mode settings pointing SMTP at GreenMail (no STARTTLS, no login), with fast mailer timings. */
  public static Config config(int smtpPort, Map<String, Object> mail) {
    Map<String, Object> o = new HashMap<>();
    o.put("smtp.host", "127.0.0.1");
    o.put("smtp.port", smtpPort);
    o.put("smtp.starttls", "disabled");
    Config c = TestServices.get().config(o);
    JsonObject json = c.json().copy()
        .put("mail.pollMillis", 200L)
        .put("mail.ratePerSecond", 0)
        .put("mail.retryBaseMillis", 200L)
        .put("mail.retryMaxMillis", 1_000L)
        .put("mail.unsubscribeMailto", "unsubscribe@chorus.invalid");
    mail.forEach(json::put);
    return Config.of(json);
  }

  public static void migrate(Vertx vertx, Config config) {
    Sql.migrate(vertx, config);
  }

  /** Empties the mail tables (and subscriptions), so each test sees only its own rows. */
  public static void clean(Pool pool) {
    sql(pool, "TRUNCATE mail_outbox, mail_suppressions, mail_daily_counts, subscriptions, fans CASCADE");
  }

  public record Inserted(long id, String messageId) {}

  /** A confirmation outbox row, as the subscription endpoint writes it (for a claim of its own). */
  public static Inserted insertConfirm(Pool pool, String email, String lang, boolean newsletter) {
    return insertConfirm(pool, email, lang, newsletter, UUID.randomUUID());
  }

  /** A confirmation outbox row whose link is bound to {@code claim}: the claim and nothing the requester typed. */
  public static Inserted insertConfirm(Pool pool, String email, String lang, boolean newsletter, UUID claim) {
    return insertRow(pool, null, "confirm", email, lang, new JsonObject().put("newsletter", newsletter).put("claim", claim.toString()));
  }

  /**
   * A fan whose mailbox confirmed {@code email}, and the welcome row the confirmation queues (as
   * {@code Subscriptions.confirm} writes it); {@code team} picks the colours.
   */
  public static Inserted insertWelcome(Pool pool, String email, String lang, String name, String team) {
    io.vertx.core.buffer.Buffer key = io.vertx.core.buffer.Buffer.buffer(UUID.randomUUID().toString());
    sql(pool, "INSERT INTO fans (fan_key) VALUES ($1)", key);
    sql(pool, "INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter, email_confirmed_at) VALUES ($1, $2, $3, $4, $5, true, now())",
        key, email, name, team, lang);
    return insertRow(pool, key, "welcome", email, lang, new JsonObject().put("name", name).put("team", team).put("newsletter", true));
  }

  static Inserted insertRow(Pool pool, io.vertx.core.buffer.Buffer fan, String kind, String email, String lang, JsonObject payload) {
    String messageId = "<" + UUID.randomUUID() + "@chorus>";
    Row r = sql(pool, "INSERT INTO mail_outbox (fan_key, kind, email, lang, payload, message_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        fan, kind, email, lang, payload, messageId).iterator().next();
    return new Inserted(r.getLong(0), messageId);
  }

  /** The body of a mail's part of the given type ({@code text/plain}, {@code text/html}). */
  public static String part(jakarta.mail.internet.MimeMessage m, String type) throws Exception {
    jakarta.mail.Multipart mp = (jakarta.mail.Multipart) m.getContent();
    for (int i = 0; i < mp.getCount(); i++) {
      if (mp.getBodyPart(i).isMimeType(type)) return (String) mp.getBodyPart(i).getContent();
    }
    throw new AssertionError("no " + type + " part");
  }

  /** The campaign of {@code conf/campaign.json}, as the main verticle hands it to the mailer. */
  public static Campaign campaign() {
    return CAMPAIGN;
  }

  private static final Campaign CAMPAIGN = Campaign.load(Path.of("conf/campaign.json"), Path.of("webroot"));

  /** A mailer for the campaign of {@code conf/campaign.json}. */
  public static MailerVerticle mailer() {
    return new MailerVerticle(CAMPAIGN);
  }

  /** A fan with a subscription (newsletter asked, not yet confirmed); answers its claim id. */
  public static UUID insertSubscription(Pool pool, String email, String lang) {
    byte[] key = UUID.randomUUID().toString().getBytes();
    sql(pool, "INSERT INTO fans (fan_key) VALUES ($1)", io.vertx.core.buffer.Buffer.buffer(key));
    return sql(pool, "INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter) VALUES ($1, $2, 'Ana', 'aurora', $3, true)"
        + " RETURNING claim", io.vertx.core.buffer.Buffer.buffer(key), email, lang).iterator().next().getUUID(0);
  }

  public static RowSet<Row> sql(Pool pool, String sql, Object... args) {
    return Sql.sql(pool, sql, args);
  }

  public static long count(Pool pool, String sql, Object... args) {
    return Sql.count(pool, sql, args);
  }

  /** Waits up to {@code seconds} for the condition; false when it never held. */
  public static boolean eventually(int seconds, BooleanSupplier condition) {
    return Sql.eventually(seconds, condition);
  }
}
