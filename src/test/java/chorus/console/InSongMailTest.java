package chorus.console;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.app.Launcher;
import chorus.core.Addresses;
import chorus.core.FanToken;
import chorus.mail.MailTestSupport;
import chorus.mail.MailTexts;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.Audio;
import chorus.support.FanClient;
import chorus.support.TestApp;
import chorus.support.TestServices;
import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.internet.MimeMessage;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "You're in the song": a moderator approves a take, the job worker renders its preview, and a fan who asked for news
 * (and whose mailbox confirmed it) gets one mail with the page that plays the preview; nobody else does, and never twice.
 */
class InSongMailTest {
  static Vertx vertx;
  static TestApp app;
  static Pool pool;
  static ObjectStorage storage;
  static GreenMail smtp;
  static ConsoleClient mod;

  @BeforeAll
  static void start() {
    vertx = Launcher.newVertx();
    int smtpPort = TestServices.freePort();
    smtp = MailTestSupport.greenMail(smtpPort);
    app = TestApp.start(vertx, MailTestSupport.config(smtpPort, Map.of()));
    pool = ConsoleFixture.pool(app);
    storage = Storages.create(vertx, app.config);
    mod = ConsoleFixture.signedIn(app, pool, "moderator");
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
    smtp.stop();
  }

  @BeforeEach
  void clean() throws Exception {
    smtp.purgeEmailFromAllMailboxes();
  }

  /** A fan with a confirmed address, who asked for news ({@code news}) and confirmed that too, or not. */
  static FanClient fan(String email, String lang, boolean news, boolean unsubscribed) {
    FanClient fan = new FanClient(app.client);
    var art = fan.post("/api/fan/artwork", new JsonObject().put("name", "Mai Song").put("team", "aurora").put("lang", lang));
    assertThat(art.statusCode()).as(art.bodyAsString()).isEqualTo(201);
    pool.preparedQuery("INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter, email_confirmed_at, newsletter_confirmed_at,"
            + " unsubscribed_at) VALUES ($1, $2, 'Mai Song', 'aurora', $3, $4, now(), CASE WHEN $4 THEN now() END, CASE WHEN $5 THEN now() END)")
        .execute(Tuple.of(key(fan), email, lang, news, unsubscribed)).await();
    return fan;
  }

  static Buffer key(FanClient fan) {
    return Buffer.buffer(FanToken.fanKey(fan.token));
  }

  static UUID approvedWithPreview(FanClient fan) throws InterruptedException {
    UUID id = ConsoleData.take(pool, key(fan), "ok", OffsetDateTime.now());
    storage.put("producer/" + id + ".flac", Buffer.buffer(Audio.flac(4, 440)), "audio/flac").await();
    assertThat(mod.post("/console/api/takes/" + id + "/decision", new JsonObject().put("decision", "approve")).statusCode()).isEqualTo(200);
    waitFor("the preview", () -> pool.preparedQuery("SELECT preview_key FROM recordings WHERE id = $1").execute(Tuple.of(id)).await()
        .iterator().next().getString(0) != null);
    return id;
  }

  static void waitFor(String what, Supplier<Boolean> done) throws InterruptedException {
    long until = System.currentTimeMillis() + 120_000;
    while (!done.get()) {
      assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(until);
      Thread.sleep(200);
    }
  }

  static List<MimeMessage> mailsTo(String email) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return m.getAllRecipients()[0].toString().equals(email);
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  static long rows(FanClient fan) {
    return pool.preparedQuery("SELECT count(*) FROM mail_outbox WHERE fan_key = $1 AND kind = 'in_song'").execute(Tuple.of(key(fan))).await()
        .iterator().next().getLong(0);
  }

  @Test
  void anApprovedTakeWithItsPreviewMailsAFanWhoAskedForNewsExactlyOnce() throws Exception {
    String email = "news-" + UUID.randomUUID() + "@fans.example";
    FanClient fan = fan(email, "ja", true, false);
    UUID first = approvedWithPreview(fan);
    waitFor("the mail", () -> mailsTo(email).size() == 1);
    MimeMessage m = mailsTo(email).get(0);
    assertThat(m.getSubject()).isEqualTo(MailTexts.get("ja", "inSongSubject").replace("{song}", MailTestSupport.campaign().songTitle())
        .replace("{artist}", MailTestSupport.campaign().artist()));
    assertThat(m.getHeader("List-Id")).isNotNull();
    assertThat(m.getHeader("List-Unsubscribe")[0]).contains("/mail/unsubscribe?t=");
    String text = MailTestSupport.part(m, "text/plain");
    assertThat(text).contains(MailTexts.get("ja", "inSongButton"), "/s/", "/privacy?lang=ja", "/terms?lang=ja");

    // the same take decided again (its preview rendered anew), and a second approved take: still one mail
    assertThat(mod.post("/console/api/takes/" + first + "/decision", new JsonObject().put("decision", "approve")).statusCode()).isEqualTo(200);
    approvedWithPreview(fan);
    Thread.sleep(1_500);
    assertThat(mailsTo(email)).hasSize(1);
    assertThat(rows(fan)).isEqualTo(1);
  }

  @Test
  void aFanWhoDidNotAskForNewsOrUnsubscribedGetsNone() throws Exception {
    String quiet = "quiet-" + UUID.randomUUID() + "@fans.example";
    String gone = "gone-" + UUID.randomUUID() + "@fans.example";
    FanClient noNews = fan(quiet, "en", false, false);
    FanClient unsubscribed = fan(gone, "de", true, true);
    approvedWithPreview(noNews);
    approvedWithPreview(unsubscribed);
    Thread.sleep(1_500);
    assertThat(rows(noNews)).isZero();
    assertThat(rows(unsubscribed)).isZero();
    assertThat(mailsTo(quiet)).isEmpty();
    assertThat(mailsTo(gone)).isEmpty();
  }

  @Test
  void aQueuedMailIsNotSentOnceTheFanUnsubscribedOrWasErased() throws Exception {
    String email = "late-" + UUID.randomUUID() + "@fans.example";
    FanClient fan = fan(email, "fr", true, false);
    // queued as the preview job does, then the fan stops asking for news before the mailer sends it
    pool.preparedQuery("UPDATE subscriptions SET newsletter = false WHERE fan_key = $1").execute(Tuple.of(key(fan))).await();
    pool.preparedQuery("INSERT INTO mail_outbox (fan_key, kind, email, lang, payload, message_id) VALUES ($1, 'in_song', $2, 'fr', '{}', $3)")
        .execute(Tuple.of(key(fan), email, "<" + UUID.randomUUID() + "@chorus>")).await();
    vertx.eventBus().publish(Addresses.MAIL_OUTBOX_WAKE, null);
    waitFor("the mailer to skip it", () -> pool.preparedQuery("SELECT status FROM mail_outbox WHERE fan_key = $1 AND kind = 'in_song'")
        .execute(Tuple.of(key(fan))).await().iterator().next().getString(0).equals("skipped"));
    assertThat(mailsTo(email)).isEmpty();
    // an erased fan: nothing is left to mail, and no new take can queue one
    assertThat(fan.delete("/api/fan").statusCode()).isEqualTo(204);
    assertThat(rows(fan)).isZero();
  }
}
