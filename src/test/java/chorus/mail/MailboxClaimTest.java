package chorus.mail;

import static chorus.mail.MailTestSupport.count;
import static chorus.mail.MailTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.db.Database;
import chorus.support.FanClient;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who holds an address, end to end: the app, the mailer, GreenMail and PostgreSQL. The mailbox decides by
 * following the link it was sent; nobody learns from the API whether an address joined; erasure does not
 * reset the address's daily cap; an unconfirmed claim never lifts the owner's unsubscribe; contest entries
 * count once per mailbox and only once confirmed.
 */
class MailboxClaimTest {
  static final int CAP = 2;
  static Vertx vertx;
  static TestApp app;
  static GreenMail smtp;
  static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    int smtpPort = TestServices.freePort();
    smtp = MailTestSupport.greenMail(smtpPort);
    app = TestApp.start(vertx, MailTestSupport.config(smtpPort, Map.of("mail.confirmPerDay", CAP)));
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
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return m.getAllRecipients()[0].toString().equalsIgnoreCase(email);
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  /** Waits for the n-th mail (1-based) to the address. */
  static MimeMessage nthMail(String email, int n) {
    assertThat(eventually(15, () -> mailTo(email).size() >= n)).as("mail %d to %s", n, email).isTrue();
    return mailTo(email).get(n - 1);
  }

  /** The mails to the address that carry a confirmation link (a welcome queued by a click may arrive in between). */
  static List<MimeMessage> confirmations(String email) {
    return mailTo(email).stream().filter(m -> {
      try {
        return MailerTest.text(m, "text/plain").contains("/mail/confirm?t=");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  /** Waits for the n-th confirmation mail (1-based) to the address. */
  static MimeMessage nthConfirmation(String email, int n) {
    assertThat(eventually(15, () -> confirmations(email).size() >= n)).as("confirmation %d to %s", n, email).isTrue();
    return confirmations(email).get(n - 1);
  }

  static String confirmPath(MimeMessage m) throws Exception {
    Matcher c = Pattern.compile("http://\\S+(/mail/confirm\\?\\S+)").matcher(MailerTest.text(m, "text/plain"));
    assertThat(c.find()).as("a confirmation link").isTrue();
    return c.group(1);
  }

  static String unsubscribePath(MimeMessage m) throws Exception {
    Matcher u = Pattern.compile("<http://[^/]+(/mail/unsubscribe[^>]+)>").matcher(m.getHeader("List-Unsubscribe", null));
    assertThat(u.find()).isTrue();
    return u.group(1);
  }

  static HttpResponse<Buffer> click(String path) {
    return app.client.post(path).send().await();
  }

  static void oneClick(String path) {
    HttpResponse<Buffer> r = app.client.post(path).sendForm(MultiMap.caseInsensitiveMultiMap().add("List-Unsubscribe", "One-Click")).await();
    assertThat(r.statusCode()).isEqualTo(200);
  }

  static JsonObject subscription(FanClient fan) {
    return fan.get("/api/fan").bodyAsJsonObject().getJsonObject("subscription");
  }

  static long suppressed(String email) {
    return count(pool, "SELECT count(*) FROM mail_suppressions WHERE email = lower($1) AND reason = 'unsubscribe'", email);
  }

  @Test
  void erasingTheFanDoesNotResetTheAddressDailyCap() throws Exception {
    String email = address("cap");
    for (int i = 1; i <= CAP + 1; i++) {
      FanClient fan = new FanClient(app.client);
      assertThat(fan.post("/api/fan/subscription", FanClient.subscription(email, "Round " + i)).statusCode()).isEqualTo(201);
      int sentBefore = mailTo(email).size();
      boolean outcome = eventually(15, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE lower(email) = lower($1) AND status <> 'pending'", email) == 1);
      assertThat(outcome).as("round %d handled by the mailer", i).isTrue();
      if (i <= CAP) {
        assertThat(nthMail(email, i)).isNotNull();
      } else {
        assertThat(count(pool, "SELECT count(*) FROM mail_outbox WHERE lower(email) = lower($1) AND status = 'skipped'", email)).isEqualTo(1);
        assertThat(mailTo(email)).as("over the cap after erasing and claiming again").hasSize(sentBefore);
      }
      assertThat(fan.delete("/api/fan").statusCode()).isEqualTo(204);
    }
    assertThat(mailTo(email)).hasSize(CAP);
  }

  @Test
  void theAnswerIsTheSameWhetherOrNotAnotherFanHoldsTheAddressAndTheMailboxDecides() throws Exception {
    String email = address("Owner");
    FanClient squatter = new FanClient(app.client);
    HttpResponse<Buffer> first = squatter.post("/api/fan/subscription", FanClient.subscription(email, "Squatter"));
    assertThat(first.statusCode()).isEqualTo(201);
    nthMail(email, 1);

    FanClient owner = new FanClient(app.client);
    HttpResponse<Buffer> taken = owner.post("/api/fan/subscription", FanClient.subscription(email.toUpperCase(java.util.Locale.ROOT)
        .replace("@FANS.EXAMPLE", "@fans.example"), "Owner"));
    HttpResponse<Buffer> fresh = new FanClient(app.client).post("/api/fan/subscription", FanClient.subscription(address("fresh"), "Owner"));
    assertThat(taken.statusCode()).as("no 409: nobody learns that the address joined").isEqualTo(fresh.statusCode()).isEqualTo(201);
    assertThat(taken.bodyAsJsonObject().fieldNames()).isEqualTo(fresh.bodyAsJsonObject().fieldNames());
    assertThat(taken.bodyAsJsonObject().getBoolean("emailConfirmed")).isFalse();
    assertThat(taken.bodyAsJsonObject().getBoolean("newsletterConfirmed")).isFalse();

    // the mailbox follows the link of the second mail: the owner's claim, not the squatter's
    assertThat(click(confirmPath(nthConfirmation(email, 2))).statusCode()).isEqualTo(200);
    assertThat(subscription(owner).getBoolean("emailConfirmed")).isTrue();
    assertThat(subscription(owner).getBoolean("newsletterConfirmed")).isTrue();
    assertThat(subscription(squatter).getBoolean("emailConfirmed")).isFalse();

    // following the squatter's link is the mailbox's choice too: the address moves, one holder at a time
    assertThat(click(confirmPath(nthConfirmation(email, 1))).statusCode()).isEqualTo(200);
    assertThat(subscription(squatter).getBoolean("emailConfirmed")).isTrue();
    assertThat(subscription(owner).getBoolean("emailConfirmed")).isFalse();
    assertThat(count(pool, "SELECT count(*) FROM subscriptions WHERE lower(email) = lower($1) AND email_confirmed_at IS NOT NULL", email)).isEqualTo(1);
  }

  @Test
  void aConfirmLinkIsBoundToItsClaim() throws Exception {
    String email = address("bound");
    FanClient fan = new FanClient(app.client);
    fan.post("/api/fan/subscription", FanClient.subscription(email, "Mover"));
    String link = confirmPath(nthConfirmation(email, 1));
    // the fan moves to another address: the old link no longer confirms anything
    fan.post("/api/fan/subscription", FanClient.subscription(address("moved"), "Mover"));
    assertThat(click(link).statusCode()).isEqualTo(404);
    assertThat(subscription(fan).getBoolean("emailConfirmed")).isFalse();
  }

  @Test
  void anUnconfirmedClaimNeverLiftsTheOwnersUnsubscribe() throws Exception {
    String email = address("unsub");
    FanClient owner = new FanClient(app.client);
    owner.post("/api/fan/subscription", FanClient.subscription(email, "Owner"));
    oneClick(unsubscribePath(nthMail(email, 1)));
    assertThat(suppressed(email)).isEqualTo(1);
    assertThat(owner.delete("/api/fan").statusCode()).isEqualTo(204);

    // a stranger claims the address outright ...
    FanClient stranger = new FanClient(app.client);
    assertThat(stranger.post("/api/fan/subscription", FanClient.subscription(email, "Stranger")).statusCode()).isEqualTo(201);
    // ... and another one first unsubscribes an address of its own, then moves to the owner's with the newsletter
    String own = address("own");
    FanClient trickster = new FanClient(app.client);
    trickster.post("/api/fan/subscription", FanClient.subscription(own, "Trickster"));
    oneClick(unsubscribePath(nthMail(own, 1)));
    assertThat(trickster.post("/api/fan/subscription", FanClient.subscription(email, "Trickster")).statusCode()).isEqualTo(200);

    assertThat(eventually(15, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE lower(email) = lower($1) AND status = 'pending'", email) == 0)).isTrue();
    assertThat(suppressed(email)).as("the owner's unsubscribe stands").isEqualTo(1);
    assertThat(mailTo(email)).as("nothing more reached the owner").hasSize(1);
  }

  @Test
  void aFanWhoseClaimTheMailboxConfirmedMaySubscribeAgain() throws Exception {
    String email = address("again");
    FanClient fan = new FanClient(app.client);
    JsonObject body = FanClient.subscription(email, "Returning");
    fan.post("/api/fan/subscription", body);
    MimeMessage confirmation = nthConfirmation(email, 1);
    assertThat(click(confirmPath(confirmation)).statusCode()).isEqualTo(200);
    nthMail(email, 2); // the welcome the confirmation queued
    oneClick(unsubscribePath(confirmation));
    assertThat(subscription(fan).getBoolean("newsletterConfirmed")).isFalse();

    assertThat(fan.post("/api/fan/subscription", body).statusCode()).isEqualTo(200);
    assertThat(click(confirmPath(nthConfirmation(email, 2))).statusCode()).isEqualTo(200);
    assertThat(subscription(fan).getBoolean("newsletterConfirmed")).isTrue();
    assertThat(suppressed(email)).isZero();
  }

  @Test
  void aContestEntryCountsOnlyOnceConfirmedAndOncePerMailbox() throws Exception {
    String terms = app.client.get("/api/campaign?lang=en").send().await().bodyAsJsonObject().getJsonObject("contest").getString("termsVersion");
    String email = address("contest");
    String shouted = email.substring(0, email.indexOf('@')).toUpperCase(java.util.Locale.ROOT) + email.substring(email.indexOf('@'));
    FanClient a = new FanClient(app.client);
    FanClient b = new FanClient(app.client);
    assertThat(a.post("/api/fan/subscription", FanClient.subscription(email, "A").put("contest", true).put("termsVersion", terms))
        .bodyAsJsonObject().getBoolean("contest")).isTrue();
    assertThat(b.post("/api/fan/subscription", FanClient.subscription(shouted, "B").put("contest", true).put("termsVersion", terms))
        .statusCode()).isEqualTo(201);
    String counted = "SELECT count(*) FROM contest_entries WHERE lower(email) = lower($1) AND confirmed_at IS NOT NULL";
    assertThat(count(pool, counted, email)).as("nothing counts before the mailbox confirms").isZero();

    assertThat(click(confirmPath(nthConfirmation(email, 1))).statusCode()).isEqualTo(200);
    assertThat(count(pool, counted, email)).isEqualTo(1);
    assertThat(click(confirmPath(nthConfirmation(email, 2))).statusCode()).isEqualTo(200);
    assertThat(count(pool, counted, email)).as("one entry per mailbox, whatever the letter case").isEqualTo(1);
    assertThat(count(pool, "SELECT count(*) FROM contest_entries WHERE lower(email) = lower($1) AND confirmed_at IS NOT NULL AND email = $2",
        email, shouted)).as("the entry of the claim confirmed last").isEqualTo(1);
  }
}
