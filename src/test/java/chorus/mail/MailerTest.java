package chorus.mail;

import static chorus.mail.MailTestSupport.count;
import static chorus.mail.MailTestSupport.eventually;
import static chorus.mail.MailTestSupport.insertWelcome;
import static chorus.mail.MailTestSupport.sql;
import static org.assertj.core.api.Assertions.assertThat;

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
import jakarta.mail.Multipart;
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
    MailerVerticle v = new MailerVerticle();
    mailerVertx.deployVerticle(v, new DeploymentOptions().setConfig(MailTestSupport.config(smtpPort, settings).json())).await();
    return v;
  }

  static String text(MimeMessage m, String type) throws Exception {
    Multipart mp = (Multipart) m.getContent();
    for (int i = 0; i < mp.getCount(); i++) {
      if (mp.getBodyPart(i).isMimeType(type)) return (String) mp.getBodyPart(i).getContent();
    }
    throw new AssertionError("no " + type + " part");
  }

  @Test
  void welcomeMailArrivesInEachLanguageWithBothPartsAndOneClickUnsubscribe() throws Exception {
    Map<String, String> idByLang = new HashMap<>();
    for (String lang : Locales.LANGUAGES) idByLang.put(lang, insertWelcome(pool, lang + "@fans.example", lang, "Ana", true).messageId());
    deploy(Map.of());
    assertThat(received(15, 14)).isTrue();
    MimeMessage[] got = smtp.getReceivedMessages();
    assertThat(got).hasSize(14);
    for (MimeMessage m : got) {
      String lang = m.getHeader("Content-Language", null);
      assertThat(m.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo(lang + "@fans.example");
      assertThat(m.getSubject()).isEqualTo(MailTexts.get(lang, "subject"));
      assertThat(m.getMessageID()).isEqualTo(idByLang.get(lang));
      assertThat(m.isMimeType("multipart/alternative")).isTrue();
      String plain = text(m, "text/plain");
      String html = text(m, "text/html");
      assertThat(plain).contains(MailTexts.get(lang, "intro")).contains("/mail/confirm?t=").contains("/mail/unsubscribe?t=");
      assertThat(html).contains("lang=\"" + lang + "\"").contains("dir=\"" + (lang.equals("ar") ? "rtl" : "ltr") + "\"")
          .contains(chorus.core.Html.escape(MailTexts.get(lang, "confirmButton")));
      String unsubscribe = m.getHeader("List-Unsubscribe", null);
      assertThat(unsubscribe).matches("<http://127\\.0\\.0\\.1:\\d+/mail/unsubscribe\\?t=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+&l=" + lang
          + ">, <mailto:unsubscribe@chorus\\.invalid\\?subject=unsubscribe>");
      assertThat(m.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
    }
    assertThat(eventually(5, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'sent' AND sent_at IS NOT NULL") == 14)).isTrue();
  }

  @Test
  void noConfirmLinkWithoutNewsletterAndShareLinkOnceArtworkExists() throws Exception {
    insertWelcome(pool, "plain@fans.example", "de", "Jonas", false);
    deploy(Map.of());
    assertThat(received(10, 1)).isTrue();
    String plain = text(smtp.getReceivedMessages()[0], "text/plain");
    assertThat(plain).startsWith("Hallo Jonas,").doesNotContain("/mail/confirm").doesNotContain("/s/");
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
    for (int i = 0; i < names.size(); i++) insertWelcome(pool, "fan" + i + "@names.example", "en", names.get(i), true);
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
    long id = insertWelcome(pool, "Gone@fans.example", "en", "Ana", true).id();
    insertWelcome(pool, "here@fans.example", "en", "Ana", true);
    deploy(Map.of());
    assertThat(received(10, 1)).isTrue();
    assertThat(eventually(5, () -> "skipped".equals(status(id)))).isTrue();
    Thread.sleep(500);
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("here@fans.example");
  }

  @Test
  void permanentSmtpFailureIsRecordedAndNotRetried() throws Exception {
    long id = insertWelcome(pool, "reject-me@fans.example", "en", "Ana", true).id();
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
    for (int i = 0; i < 5; i++) ids.add(insertWelcome(pool, "victim@fans.example", "en", "Ana", true).id());
    deploy(Map.of("mail.confirmPerDay", 2));
    assertThat(eventually(10, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'pending'") == 0)).isTrue();
    assertThat(count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'sent'")).isEqualTo(2);
    assertThat(count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'skipped'")).isEqualTo(3);
    assertThat(smtp.getReceivedMessages()).hasSize(2);
  }

  @Test
  void rateCapSpacesSends() {
    for (int i = 0; i < 6; i++) insertWelcome(pool, "rate" + i + "@fans.example", "en", "Ana", true);
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
