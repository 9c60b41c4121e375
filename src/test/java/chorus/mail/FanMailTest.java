package chorus.mail;

import static chorus.mail.MailTestSupport.count;
import static chorus.mail.MailTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.db.Database;
import chorus.support.FanClient;
import chorus.support.TestApp;
import chorus.support.TestServices;
import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fan's mail around the double opt-in, end to end (the app, its outbox and mailer, GreenMail, PostgreSQL):
 * a claim mails one neutral confirmation with nothing the requester typed (issue 10.6); the mailbox's click
 * queues exactly one welcome with the fan's name and artwork; no welcome without it; a second fan claiming the
 * same address gets the neutral confirmation too.
 */
class FanMailTest {
  static Vertx vertx;
  static TestApp app;
  static GreenMail smtp;
  static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    int smtpPort = TestServices.freePort();
    smtp = MailTestSupport.greenMail(smtpPort);
    app = TestApp.start(vertx, MailTestSupport.config(smtpPort, Map.of("render.workers", 1)));
    pool = Database.pool(vertx, app.config);
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
    smtp.stop();
  }

  static String address(String tag) {
    return tag + "-" + UUID.randomUUID() + "@fans.example";
  }

  static List<MimeMessage> mailTo(String email) {
    return java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return m.getAllRecipients()[0].toString().equalsIgnoreCase(email);
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  static MimeMessage nthMail(String email, int n) {
    assertThat(eventually(15, () -> mailTo(email).size() >= n)).as("mail %d to %s", n, email).isTrue();
    return mailTo(email).get(n - 1);
  }

  static HttpResponse<Buffer> click(String path) {
    return app.client.post(path).send().await();
  }

  /** Both parts and the subject of a mail, for assertions on everything a reader sees. */
  static String seen(MimeMessage m) throws Exception {
    return m.getSubject() + "\n" + MailerTest.text(m, "text/plain") + "\n" + MailerTest.text(m, "text/html");
  }

  /** A fan with an artwork made under {@code name} (its share page and image exist), then signed up under the same name. */
  static JsonObject fanWithArtwork(FanClient fan, String email, String name) {
    HttpResponse<Buffer> made = fan.post("/api/fan/artwork", new JsonObject().put("name", name).put("team", "volcano").put("lang", "en"));
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    assertThat(fan.post("/api/fan/subscription", FanClient.subscription(email, name)).statusCode()).isEqualTo(201);
    return made.bodyAsJsonObject();
  }

  static long rows(String email, String kind) {
    return count(pool, "SELECT count(*) FROM mail_outbox WHERE lower(email) = lower($1) AND kind = $2", email, kind);
  }

  static void settled(String email) {
    assertThat(eventually(15, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE lower(email) = lower($1) AND status = 'pending'",
        email) == 0)).isTrue();
  }

  @Test
  void aClaimMailsOneNeutralConfirmationAndNoWelcomeUntilTheMailboxConfirms() throws Exception {
    String email = address("neutral");
    JsonObject artwork = fanWithArtwork(new FanClient(app.client), email, "Zebulon Quxwell");
    MimeMessage m = nthMail(email, 1);
    settled(email);
    Thread.sleep(500);
    assertThat(mailTo(email)).as("exactly one mail").hasSize(1);
    String seen = seen(m);
    assertThat(seen).contains("/mail/confirm?t=").contains(MailTestSupport.campaign().artist()).contains(MailTestSupport.campaign().songTitle())
        .doesNotContain("Zebulon").doesNotContain("Quxwell").doesNotContain(artwork.getString("shareId")).doesNotContain("/s/")
        .doesNotContain("/media/");
    assertThat(m.getHeader("List-Id", null)).isEqualTo("<demo.127.0.0.1>");
    assertThat(rows(email, "confirm")).isEqualTo(1);
    assertThat(rows(email, "welcome")).as("no welcome without the mailbox's confirmation").isZero();
  }

  @Test
  void confirmingMailsExactlyOneWelcomeWithTheNameAndTheArtwork() throws Exception {
    String email = address("welcome");
    JsonObject artwork = fanWithArtwork(new FanClient(app.client), email, "Philippa Grunewald");
    String link = MailboxClaimTest.confirmPath(nthMail(email, 1));
    assertThat(click(link).statusCode()).isEqualTo(200);
    MimeMessage welcome = nthMail(email, 2);
    // the mailbox clicks again (or a scanner replays the POST): nothing new to confirm, no second welcome
    assertThat(click(link).statusCode()).isEqualTo(200);
    settled(email);
    Thread.sleep(500);
    assertThat(mailTo(email)).hasSize(2);
    assertThat(rows(email, "welcome")).isEqualTo(1);

    String html = MailerTest.text(welcome, "text/html");
    String plain = MailerTest.text(welcome, "text/plain");
    String cover = artwork.getJsonObject("images").getJsonObject("cover").getString("url");
    assertThat(welcome.getSubject()).isEqualTo(MailerTest.subject("en", "welcomeSubject"));
    assertThat(plain).contains("Hi Philippa Grunewald,").contains(artwork.getString("shareUrl")).doesNotContain("/mail/confirm");
    assertThat(html).contains("<bdi>Philippa Grunewald</bdi>").contains("<img src=\"" + cover + "\"")
        .containsPattern("alt=\"[^\"]*Philippa Grunewald[^\"]*\"").contains("href=\"" + artwork.getString("shareUrl") + "\"")
        .contains("background:#0f766e"); // the colours of the team the fan signed up for (aurora)
    assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(100 * 1024);
    assertThat(welcome.getHeader("List-Id", null)).isEqualTo("<demo.127.0.0.1>");
    assertThat(welcome.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
    // the image the mail shows is served
    assertThat(app.client.getAbs(cover).send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void aSecondFanClaimingAConfirmedAddressGetsOnlyTheNeutralConfirmation() throws Exception {
    String email = address("second");
    fanWithArtwork(new FanClient(app.client), email, "Owner Olafsdottir");
    assertThat(click(MailboxClaimTest.confirmPath(nthMail(email, 1))).statusCode()).isEqualTo(200);
    nthMail(email, 2); // the owner's welcome
    settled(email);

    JsonObject other = fanWithArtwork(new FanClient(app.client), email.toUpperCase(java.util.Locale.ROOT), "Mallory Ozymandias");
    MimeMessage third = nthMail(email, 3);
    settled(email);
    Thread.sleep(500);
    List<MimeMessage> all = mailTo(email);
    assertThat(all).hasSize(3);
    assertThat(seen(third)).contains("/mail/confirm?t=").doesNotContain("Mallory").doesNotContain("Ozymandias")
        .doesNotContain(other.getString("shareId")).doesNotContain("Owner Olafsdottir");
    assertThat(rows(email, "welcome")).as("only the owner's, from the owner's confirmation").isEqualTo(1);
  }
}
