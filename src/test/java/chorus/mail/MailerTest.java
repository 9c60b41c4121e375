package chorus.mail;

import static chorus.mail.MailTestSupport.count;
import static chorus.mail.MailTestSupport.eventually;
import static chorus.mail.MailTestSupport.insertConfirm;
import static chorus.mail.MailTestSupport.insertWelcome;
import static chorus.mail.MailTestSupport.sql;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.campaign.Campaign;
import chorus.core.Config;
import chorus.campaign.Locales;
import chorus.db.Database;
import chorus.support.TestServices;
import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mailer against a real SMTP server (GreenMail) and real PostgreSQL: content, outcomes, limits. */
class MailerTest {
  static Vertx vertx;
  static Pool pool;
  static int smtpPort;
  static GreenMail smtp;
  Vertx mailerVertx;

  @BeforeAll
  static void startAll() {
    vertx = Vertx.vertx();
    smtpPort = TestServices.freePort();
    smtp = MailTestSupport.greenMail(smtpPort);
    Config c = MailTestSupport.config(smtpPort, Map.of());
    MailTestSupport.migrate(vertx, c);
    pool = Database.pool(vertx, c);
  }

  @AfterAll
  static void stopAll() {
    smtp.stop();
    vertx.close().await();
  }

  @BeforeEach
  void clean() throws Exception {
    MailTestSupport.clean(pool);
    smtp.purgeEmailFromAllMailboxes();
    mailerVertx = Vertx.vertx();
  }

  @AfterEach
  void stopMailer() {
    mailerVertx.close().await();
  }

  MailerVerticle deploy(Map<String, Object> settings) {
    MailerVerticle v = MailTestSupport.mailer();
    mailerVertx.deployVerticle(v, new DeploymentOptions().setConfig(MailTestSupport.config(smtpPort, settings).json())).await();
    return v;
  }

  static String text(MimeMessage m, String type) throws Exception {
    return MailTestSupport.part(m, type);
  }

  static String subject(String lang, String key) {
    Campaign c = MailTestSupport.campaign();
    return Letter.fillText(MailTexts.get(lang, key), Map.of("artist", c.artist(), "song", c.songTitle()));
  }

  /** What every fan mail carries whatever its kind: both parts, privacy and unsubscribe links, List-Id, under 100 KB. */
  static void assertFanMail(MimeMessage m, String lang) throws Exception {
    assertThat(m.isMimeType("multipart/alternative")).isTrue();
    String plain = text(m, "text/plain");
    String html = text(m, "text/html");
    assertThat(plain).contains("/mail/unsubscribe?t=").contains("/privacy?lang=" + lang);
    assertThat(html).contains("<html lang=\"" + lang + "\" dir=\"" + (lang.equals("ar") ? "rtl" : "ltr") + "\">")
        .contains("/privacy?lang=" + lang).contains(chorus.core.Html.escape(MailTexts.get(lang, "privacy")));
    assertThat(html.getBytes(StandardCharsets.UTF_8).length).as("HTML part of %s", lang).isLessThan(100 * 1024);
    assertThat(m.getHeader("List-Id", null)).isEqualTo("<demo.127.0.0.1>");
    String unsubscribe = m.getHeader("List-Unsubscribe", null);
    assertThat(unsubscribe).matches("<http://127\\.0\\.0\\.1:\\d+/mail/unsubscribe\\?t=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+&l=" + lang
        + ">, <mailto:unsubscribe@chorus\\.invalid\\?subject=unsubscribe>");
    assertThat(m.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
  }

  @Test
  void confirmationArrivesInEachLanguageNeutralWithBothPartsListIdAndOneClickUnsubscribe() throws Exception {
    Map<String, String> idByLang = new HashMap<>();
    for (String lang : Locales.LANGUAGES) idByLang.put(lang, insertConfirm(pool, lang + "@fans.example", lang, true).messageId());
    deploy(Map.of());
    assertThat(received(15, 14)).isTrue();
    MimeMessage[] got = smtp.getReceivedMessages();
    assertThat(got).hasSize(14);
    for (MimeMessage m : got) {
      String lang = m.getHeader("Content-Language", null);
      assertThat(m.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo(lang + "@fans.example");
      assertThat(m.getSubject()).isNotBlank().isEqualTo(subject(lang, "confirmSubject"));
      assertThat(m.getMessageID()).isEqualTo(idByLang.get(lang));
      assertFanMail(m, lang);
      assertThat(text(m, "text/plain")).contains("/mail/confirm?t=").contains(MailTexts.get(lang, "confirmIgnore"))
          .contains(MailTexts.get(lang, "confirmMailButton"));
      assertThat(text(m, "text/html")).contains(chorus.core.Html.escape(MailTexts.get(lang, "confirmMailButton")))
          .contains("<bdi>" + MailTestSupport.campaign().songTitle() + "</bdi>").doesNotContain("/s/").doesNotContain("<img");
    }
    assertThat(eventually(5, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'sent' AND sent_at IS NOT NULL") == 14)).isTrue();
  }

  @Test
  void welcomeArrivesInEachLanguageWithTheNameTeamColoursAndNoConfirmLink() throws Exception {
    for (String lang : Locales.LANGUAGES) insertWelcome(pool, lang + "@fans.example", lang, "Ana-" + lang, "volcano");
    deploy(Map.of());
    assertThat(received(15, 14)).isTrue();
    MimeMessage[] got = smtp.getReceivedMessages();
    assertThat(got).hasSize(14);
    for (MimeMessage m : got) {
      String lang = m.getHeader("Content-Language", null);
      assertThat(m.getSubject()).isNotBlank().isEqualTo(subject(lang, "welcomeSubject"));
      assertFanMail(m, lang);
      String plain = text(m, "text/plain");
      String html = text(m, "text/html");
      assertThat(plain).contains("Ana-" + lang).contains("/?lang=" + lang).doesNotContain("/mail/confirm");
      // no take recorded yet: the words say so, and promise nothing
      assertThat(plain).contains(Letter.fillText(MailTexts.get(lang, "welcomeIntroNoTake"),
          Map.of("artist", MailTestSupport.campaign().artist(), "song", MailTestSupport.campaign().songTitle())));
      assertThat(html).contains("<bdi>Ana-" + lang + "</bdi>").contains("background:#b91c1c")
          .contains(chorus.core.Html.escape(MailTexts.get(lang, "campaignButton")));
    }
  }

  @Test
  void everyClaimGetsANeutralConfirmLinkEvenWithoutNewsletterAndAnOlderContainersWelcomeRowToo() throws Exception {
    // the address is the fan's (and a contest entry counts) only once the mailbox confirms: issue 10
    insertConfirm(pool, "plain@fans.example", "de", false);
    // before issue 10.6 the first mail to a claimed address was a welcome carrying the requester's name
    JsonObject legacy = new JsonObject().put("name", "Jonas Wunderlich").put("team", "aurora").put("newsletter", false)
        .put("claim", java.util.UUID.randomUUID().toString());
    sql(pool, "INSERT INTO mail_outbox (kind, email, lang, payload, message_id) VALUES ('welcome', 'legacy@fans.example', 'de', $1, '<legacy@chorus>')", legacy);
    deploy(Map.of());
    assertThat(received(10, 2)).isTrue();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      assertThat(m.getSubject()).isEqualTo(subject("de", "confirmSubject"));
      assertThat(text(m, "text/plain")).startsWith(MailTexts.get("de", "confirmHeading"));
      for (String part : new String[] {text(m, "text/plain"), text(m, "text/html")}) {
        assertThat(part).contains("/mail/confirm?t=").doesNotContain("Jonas").doesNotContain("Wunderlich").doesNotContain("/s/");
      }
    }
    assertThat(count(pool, "SELECT count(*) FROM mail_daily_counts WHERE email IN ('plain@fans.example', 'legacy@fans.example')"))
        .as("both count against the daily cap of confirmations").isEqualTo(2);
  }

  @Test
  void aWelcomeIsNeverSentToAnAddressItsFanDoesNotHoldConfirmed() {
    long id = insertWelcome(pool, "released@fans.example", "en", "Ana", "aurora").id();
    // the mailbox confirmed another fan's claim since: this fan's hold was released
    sql(pool, "UPDATE subscriptions SET email_confirmed_at = NULL WHERE email = 'released@fans.example'");
    deploy(Map.of());
    assertThat(eventually(10, () -> "skipped".equals(status(id)))).isTrue();
    assertThat(sql(pool, "SELECT last_error FROM mail_outbox WHERE id = $1", id).iterator().next().getString(0)).contains("not confirmed");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void hostileNamesCannotInjectHeadersOrHtml() throws Exception {
    List<String> names = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        MailerTest.class.getResourceAsStream("/fixtures/fan-names.jsonl"), StandardCharsets.UTF_8))) {
      // NUL cannot be stored in PostgreSQL text or jsonb, so such a name can never reach the outbox
      r.lines().filter(l -> !l.isBlank()).map(l -> new JsonObject(l).getString("name"))
          .filter(n -> n.indexOf('\u0000') < 0).forEach(names::add);
    }
    for (int i = 0; i < names.size(); i++) insertWelcome(pool, "fan" + i + "@names.example", "en", names.get(i), "aurora");
    deploy(Map.of());
    assertThat(received(20, names.size())).isTrue();
    MimeMessage[] got = smtp.getReceivedMessages();
    assertThat(got).hasSize(names.size());
    for (MimeMessage m : got) {
      assertThat(m.getAllRecipients()).hasSize(1);
      assertThat(m.getHeader("Bcc")).isNull();
      assertThat(m.getHeader("Cc")).isNull();
      int i = Integer.parseInt(m.getRecipients(Message.RecipientType.TO)[0].toString().replaceAll("\\D", ""));
      String name = names.get(i);
      String html = text(m, "text/html");
      assertThat(html).doesNotContain("<script").doesNotContain("<img").doesNotContain("\u202E");
      String safe = MailTexts.safeName(name);
      if (!safe.isEmpty()) assertThat(html).contains("<bdi>" + chorus.core.Html.escape(safe) + "</bdi>");
      for (var headers = m.getAllHeaderLines(); headers.hasMoreElements(); ) {
        String line = (String) headers.nextElement();
        if (!safe.isBlank() && safe.length() > 3) assertThat(line).doesNotContain(safe);
      }
    }
  }

  @Test
  void suppressedAddressIsNeverMailed() throws Exception {
    sql(pool, "INSERT INTO mail_suppressions (email, reason) VALUES ('gone@fans.example', 'bounce')");
    long id = insertConfirm(pool, "Gone@fans.example", "en", true).id();
    insertConfirm(pool, "here@fans.example", "en", true);
    deploy(Map.of());
    assertThat(received(10, 1)).isTrue();
    assertThat(eventually(5, () -> "skipped".equals(status(id)))).isTrue();
    Thread.sleep(500);
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("here@fans.example");
  }

  @Test
  void permanentSmtpFailureIsRecordedAndNotRetried() throws Exception {
    long id = insertConfirm(pool, "reject-me@fans.example", "en", true).id();
    deploy(Map.of());
    assertThat(eventually(10, () -> "failed".equals(status(id)))).isTrue();
    Thread.sleep(1_000); // several poll rounds: a failed row is never claimed again
    Row r = sql(pool, "SELECT attempts, last_error FROM mail_outbox WHERE id = $1", id).iterator().next();
    assertThat(r.getInteger("attempts")).isEqualTo(1);
    assertThat(r.getString("last_error")).startsWith("550");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void confirmationMailsPerAddressPerDayAreCapped() throws Exception {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) ids.add(insertConfirm(pool, "victim@fans.example", "en", true).id());
    deploy(Map.of("mail.confirmPerDay", 2));
    assertThat(eventually(10, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'pending'") == 0)).isTrue();
    assertThat(count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'sent'")).isEqualTo(2);
    assertThat(count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'skipped'")).isEqualTo(3);
    assertThat(smtp.getReceivedMessages()).hasSize(2);
  }

  @Test
  void rateCapSpacesSends() {
    for (int i = 0; i < 6; i++) insertConfirm(pool, "rate" + i + "@fans.example", "en", true);
    long t0 = System.nanoTime();
    deploy(Map.of("mail.ratePerSecond", 5));
    assertThat(received(10, 6)).isTrue();
    // six sends at 5/s: the last slot is 1 s after the first
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(1_000);
  }

  @Test
  void unknownKindFailsWithoutSending() {
    long id = count(pool, "INSERT INTO mail_outbox (kind, email, lang, message_id) VALUES ('mystery', 'x@fans.example', 'en', '<m1@chorus>') RETURNING id");
    deploy(Map.of());
    assertThat(eventually(10, () -> "failed".equals(status(id)))).isTrue();
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  /** GreenMail's own wait does not see mail delivered through the recipient policy's manager: poll instead. */
  static boolean received(int seconds, int n) {
    return eventually(seconds, () -> smtp.getReceivedMessages().length >= n);
  }

  static String status(long id) {
    return sql(pool, "SELECT status FROM mail_outbox WHERE id = $1", id).iterator().next().getString(0);
  }
}
