package chorus.mail;

import static chorus.mail.MailTestSupport.count;
import static chorus.mail.MailTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.Addresses;
import chorus.app.Launcher;
import chorus.db.Database;
import chorus.mail.Tokens.Purpose;
import chorus.support.TestApp;
import chorus.support.TestServices;
import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mail links end to end in the real app: mail from GreenMail, links clicked over HTTP, effects in PostgreSQL. */
class MailRoutesTest {
  static Vertx vertx;
  static TestApp app;
  static GreenMail smtp;
  static Pool pool;
  static Tokens tokens;

  @BeforeAll
  static void start() {
    vertx = Launcher.newVertx();
    int smtpPort = TestServices.freePort();
    smtp = MailTestSupport.greenMail(smtpPort);
    var config = MailTestSupport.config(smtpPort, Map.of());
    app = TestApp.start(vertx, config);
    pool = Database.pool(vertx, config);
    tokens = new Tokens(config.string("secret"));
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
    smtp.stop();
  }

  @BeforeEach
  void clean() throws Exception {
    MailTestSupport.clean(pool);
    smtp.purgeEmailFromAllMailboxes();
  }

  /** Subscribes (SQL, as the lead's endpoint does), wakes the mailer, and answers the mail that arrives. */
  MimeMessage welcome(String email, String lang) {
    java.util.UUID claim = MailTestSupport.insertSubscription(pool, email, lang);
    MailTestSupport.insertConfirm(pool, email, lang, true, claim);
    vertx.eventBus().publish(Addresses.MAIL_OUTBOX_WAKE, null);
    assertThat(eventually(10, () -> smtp.getReceivedMessages().length == 1)).isTrue();
    return smtp.getReceivedMessages()[0];
  }

  static String path(String url) {
    return url.replaceFirst("^http://127\\.0\\.0\\.1:\\d+", "");
  }

  HttpResponse<Buffer> oneClick(String path) {
    return app.client.post(path).sendForm(MultiMap.caseInsensitiveMultiMap().add("List-Unsubscribe", "One-Click")).await();
  }

  @Test
  void subscribingThroughTheApiMailsTheFanInTheirLanguage() throws Exception {
    chorus.support.FanClient fan = new chorus.support.FanClient(app.client);
    String email = "api-" + java.util.UUID.randomUUID() + "@example.com";
    JsonObject body = chorus.support.FanClient.subscription(email, "さくら ひなた").put("lang", "ja");
    assertThat(fan.post("/api/fan/subscription", body).statusCode()).isEqualTo(201);
    assertThat(eventually(15, () -> smtp.getReceivedMessages().length == 1)).isTrue();
    MimeMessage m = smtp.getReceivedMessages()[0];
    assertThat(m.getAllRecipients()).hasSize(1);
    assertThat(m.getAllRecipients()[0].toString()).isEqualTo(email);
    // the first mail to the address is the neutral confirmation: the requester's name is not in it
    assertThat(m.getSubject()).isEqualTo(MailerTest.subject("ja", "confirmSubject"));
    assertThat(MailerTest.text(m, "text/plain") + MailerTest.text(m, "text/html")).doesNotContain("さくら").doesNotContain("ひなた");
    assertThat(m.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
    assertThat(fan.post("/api/fan/subscription", body).statusCode()).isEqualTo(200);
    Thread.sleep(1_000);
    assertThat(smtp.getReceivedMessages()).as("a repeat sends nothing").hasSize(1);
  }

  @Test
  void oneClickPostFromTheMailHeaderUnsubscribesAtOnce() throws Exception {
    MimeMessage m = welcome("Fan@Fans.example", "pl");
    Matcher u = Pattern.compile("<(http[^>]+)>").matcher(m.getHeader("List-Unsubscribe", null));
    assertThat(u.find()).isTrue();
    String path = path(u.group(1));
    HttpResponse<Buffer> page = app.client.get(path).send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("<html lang=\"pl\"").contains("<button").contains("value=\"One-Click\"")
        .contains(MailTexts.get("pl", "unsubscribeButton"));
    assertThat(count(pool, "SELECT count(*) FROM subscriptions WHERE unsubscribed_at IS NOT NULL")).as("GET changes nothing").isZero();

    HttpResponse<Buffer> done = oneClick(path);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.bodyAsString()).contains(MailTexts.get("pl", "unsubscribeDone"));
    assertThat(count(pool, "SELECT count(*) FROM subscriptions WHERE unsubscribed_at IS NOT NULL")).isEqualTo(1);
    assertThat(count(pool, "SELECT count(*) FROM mail_suppressions WHERE email = 'fan@fans.example' AND reason = 'unsubscribe'")).isEqualTo(1);
    assertThat(oneClick(path).statusCode()).as("idempotent").isEqualTo(200);
  }

  @Test
  void confirmLinkShowsAPageAndTheButtonConfirms() throws Exception {
    MimeMessage m = welcome("confirm@fans.example", "ar");
    Matcher c = Pattern.compile("(http://\\S+/mail/confirm\\?\\S+)").matcher(MailerTest.text(m, "text/plain"));
    assertThat(c.find()).isTrue();
    String path = path(c.group(1));
    HttpResponse<Buffer> page = app.client.get(path).send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("dir=\"rtl\"").contains(MailTexts.get("ar", "confirmQuestion"));
    assertThat(count(pool, "SELECT count(*) FROM subscriptions WHERE newsletter_confirmed_at IS NOT NULL")).as("GET changes nothing").isZero();
    HttpResponse<Buffer> done = app.client.post(path).send().await();
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.bodyAsString()).contains(MailTexts.get("ar", "confirmDone"));
    assertThat(count(pool, "SELECT count(*) FROM subscriptions WHERE newsletter_confirmed_at IS NOT NULL")).isEqualTo(1);
  }

  @Test
  void forgedAlteredOrMisusedTokensAreRefusedWithProblemJson() {
    MailTestSupport.insertSubscription(pool, "victim@fans.example", "en");
    String genuine = tokens.sign(Purpose.UNSUBSCRIBE, "victim@fans.example", Instant.now());
    String forged = new Tokens("an-attacker-guess-an-attacker-guess-00").sign(Purpose.UNSUBSCRIBE, "victim@fans.example", Instant.now());
    String altered = genuine.substring(0, genuine.length() - 2) + (genuine.endsWith("A") ? "BB" : "AA");
    String confirm = tokens.sign(Purpose.CONFIRM, "victim@fans.example", Instant.now());
    for (String t : new String[] {forged, altered, confirm, "garbage"}) {
      HttpResponse<Buffer> r = oneClick(MailComposer.UNSUBSCRIBE_PATH + "?t=" + t + "&l=en");
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(r.bodyAsJsonObject().getString("type")).endsWith("/invalid-token");
      assertThat(app.client.get(MailComposer.UNSUBSCRIBE_PATH + "?t=" + t).send().await().statusCode()).isEqualTo(400);
    }
    HttpResponse<Buffer> missing = oneClick(MailComposer.UNSUBSCRIBE_PATH);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("t");
    assertThat(count(pool, "SELECT count(*) FROM subscriptions WHERE unsubscribed_at IS NOT NULL")).isZero();
    assertThat(count(pool, "SELECT count(*) FROM mail_suppressions")).isZero();
  }

  @Test
  void badPostBodiesAreProblems() {
    String path = MailComposer.UNSUBSCRIBE_PATH + "?t=" + tokens.sign(Purpose.UNSUBSCRIBE, "x@fans.example", Instant.now());
    HttpResponse<Buffer> noOneClick = app.client.post(path).sendForm(MultiMap.caseInsensitiveMultiMap().add("List-Unsubscribe", "Nope")).await();
    assertThat(noOneClick.statusCode()).isEqualTo(400);
    assertThat(noOneClick.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("List-Unsubscribe");
    HttpResponse<Buffer> huge = app.client.post(path).putHeader("Content-Type", "application/x-www-form-urlencoded")
        .sendBuffer(Buffer.buffer("List-Unsubscribe=One-Click&pad=" + "x".repeat(MailRoutes.FORM_LIMIT))).await();
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.getHeader("Content-Type")).isEqualTo("application/problem+json");
    HttpResponse<Buffer> notJson = app.client.post("/mail/sns").sendBuffer(Buffer.buffer("{not json")).await();
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.getHeader("Content-Type")).isEqualTo("application/problem+json");
    HttpResponse<Buffer> unsigned = app.client.post("/mail/sns").sendJsonObject(new JsonObject().put("Type", "Notification")).await();
    assertThat(unsigned.statusCode()).isEqualTo(400);
    assertThat(unsigned.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  /** What Chromium sends when a person opens a link from a mail. */
  static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

  @Test
  void anExpiredOrBrokenLinkOpenedInABrowserIsAPageInTheLinksLanguageWithAWayToANewLink() {
    String email = "late@fans.example";
    java.util.UUID claim = MailTestSupport.insertSubscription(pool, email, "ja");
    String expired = tokens.sign(Purpose.CONFIRM, email, claim.toString(), Instant.now().minus(java.time.Duration.ofDays(31)));
    String brokenUnsubscribe = tokens.sign(Purpose.UNSUBSCRIBE, email, Instant.now()).replaceFirst(".$", "");
    for (String path : new String[] {MailComposer.CONFIRM_PATH + "?t=" + expired + "&l=ja",
        MailComposer.CONFIRM_PATH + "?t=broken&l=ja", MailComposer.CONFIRM_PATH + "?l=ja",
        MailComposer.UNSUBSCRIBE_PATH + "?t=" + brokenUnsubscribe + "&l=ja"}) {
      HttpResponse<Buffer> page = app.client.get(path).putHeader("Accept", BROWSER).putHeader("Accept-Language", "de").send().await();
      assertThat(page.statusCode()).as(path).isEqualTo(400);
      assertThat(page.getHeader("Content-Type")).as(path).isEqualTo("text/html; charset=utf-8");
      assertThat(page.bodyAsString()).as(path).contains("<html lang=\"ja\"", chorus.http.ErrorPages.text("ja", "linkTitle"),
          chorus.http.ErrorPages.text("ja", "newLinkText"), "href=\"/?lang=ja#join\"");
      // the same link asked for by a program is still problem JSON
      HttpResponse<Buffer> json = app.client.get(path).putHeader("Accept", "application/json").send().await();
      assertThat(json.statusCode()).isEqualTo(400);
      assertThat(json.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
    // the one-click POST a browser form sends with a broken token: the same page, in the link's language
    HttpResponse<Buffer> posted = app.client.post(MailComposer.UNSUBSCRIBE_PATH + "?t=garbage&l=ar").putHeader("Accept", BROWSER)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("List-Unsubscribe", "One-Click")).await();
    assertThat(posted.statusCode()).isEqualTo(400);
    assertThat(posted.bodyAsString()).contains("<html lang=\"ar\" dir=\"rtl\">", chorus.http.ErrorPages.text("ar", "newLinkButton"));
    // a confirmation already used up elsewhere (404) is a page with the way to a new link as well
    String genuine = tokens.sign(Purpose.CONFIRM, email, java.util.UUID.randomUUID().toString(), Instant.now());
    HttpResponse<Buffer> stale = app.client.post(MailComposer.CONFIRM_PATH + "?t=" + genuine + "&l=fr").putHeader("Accept", BROWSER).send().await();
    assertThat(stale.statusCode()).isEqualTo(404);
    assertThat(stale.bodyAsString()).contains("<html lang=\"fr\"", chorus.http.ErrorPages.text("fr", "newLinkText"));
  }
}
