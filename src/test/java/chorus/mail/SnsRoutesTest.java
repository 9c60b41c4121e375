package chorus.mail;

import static chorus.mail.MailTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.Config;
import chorus.db.Database;
import chorus.http.ProblemHandler;
import chorus.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SES feedback over SNS, signed with our own RSA key and certificate (made by the JDK's keytool); the
 * certificate loader is injected, and records which URLs it was asked for.
 */
class SnsRoutesTest {
  static final String CERT_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000.pem";
  static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:ses-feedback";
  static Vertx vertx;
  static Pool pool;
  static WebClient client;
  static PrivateKey key;
  static X509Certificate cert;
  static final List<URI> loaded = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("chorus-sns");
    Path store = dir.resolve("sns.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
        "-alias", "sns", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=sns.test", "-validity", "2",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    key = (PrivateKey) ks.getKey("sns", "changeit".toCharArray());
    cert = (X509Certificate) ks.getCertificate("sns");

    vertx = Vertx.vertx();
    Config config = MailTestSupport.config(TestServices.freePort(), Map.of());
    MailTestSupport.migrate(vertx, config);
    pool = Database.pool(vertx, config);
    Router router = Router.router(vertx);
    MailRoutes.mount(router, vertx, config, pool, url -> {
      loaded.add(url);
      return Future.succeededFuture(cert);
    });
    router.route().failureHandler(new ProblemHandler(null));
    int port = TestServices.freePort();
    vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1").await();
    client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void clean() {
    MailTestSupport.clean(pool);
    loaded.clear();
  }

  static JsonObject notification(JsonObject ses) {
    return new JsonObject().put("Type", "Notification").put("MessageId", UUID.randomUUID().toString()).put("TopicArn", TOPIC)
        .put("Message", ses.encode()).put("Timestamp", "2026-11-22T04:00:00.000Z").put("SigningCertURL", CERT_URL)
        .put("UnsubscribeURL", "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe");
  }

  static JsonObject signed(JsonObject m, int version) throws Exception {
    List<String> keys = "Notification".equals(m.getString("Type"))
        ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
        : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
    StringBuilder b = new StringBuilder();
    for (String k : keys) if (m.getValue(k) != null) b.append(k).append('\n').append(m.getString(k)).append('\n');
    Signature s = Signature.getInstance(version == 1 ? "SHA1withRSA" : "SHA256withRSA");
    s.initSign(key);
    s.update(b.toString().getBytes(StandardCharsets.UTF_8));
    return m.put("SignatureVersion", String.valueOf(version)).put("Signature", Base64.getEncoder().encodeToString(s.sign()));
  }

  static JsonObject bounce(String type, String... emails) {
    JsonArray r = new JsonArray();
    for (String e : emails) r.add(new JsonObject().put("emailAddress", e).put("diagnosticCode", "smtp; 550 5.1.1 user unknown"));
    return new JsonObject().put("notificationType", "Bounce")
        .put("bounce", new JsonObject().put("bounceType", type).put("bounceSubType", "General").put("bouncedRecipients", r));
  }

  HttpResponse<Buffer> post(JsonObject m) {
    return client.post("/mail/sns").putHeader("Content-Type", "text/plain; charset=UTF-8").sendBuffer(Buffer.buffer(m.encode())).await();
  }

  @Test
  void signedHardBounceSuppressesAndTheMailerSkipsTheAddress() throws Exception {
    HttpResponse<Buffer> r = post(signed(notification(bounce("Permanent", "Gone@Fans.example", "also@fans.example")), 1));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getInteger("suppressed")).isEqualTo(2);
    assertThat(count(pool, "SELECT count(*) FROM mail_suppressions WHERE email IN ('gone@fans.example', 'also@fans.example') AND reason = 'bounce'")).isEqualTo(2);
    assertThat(loaded).containsExactly(URI.create(CERT_URL));
  }

  @Test
  void signedComplaintWithVersion2SuppressesAndUnsubscribes() throws Exception {
    MailTestSupport.insertSubscription(pool, "angry@fans.example", "en");
    JsonObject ses = new JsonObject().put("eventType", "Complaint").put("complaint", new JsonObject()
        .put("complaintFeedbackType", "abuse").put("complainedRecipients", new JsonArray().add(new JsonObject().put("emailAddress", "angry@fans.example"))));
    assertThat(post(signed(notification(ses), 2)).statusCode()).isEqualTo(200);
    assertThat(count(pool, "SELECT count(*) FROM mail_suppressions WHERE email = 'angry@fans.example' AND reason = 'complaint'")).isEqualTo(1);
    assertThat(count(pool, "SELECT count(*) FROM subscriptions WHERE unsubscribed_at IS NOT NULL")).isEqualTo(1);
  }

  @Test
  void transientBounceChangesNothing() throws Exception {
    HttpResponse<Buffer> r = post(signed(notification(bounce("Transient", "busy@fans.example")), 2));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(count(pool, "SELECT count(*) FROM mail_suppressions")).isZero();
  }

  @Test
  void alteredMessageOrForeignCertificateHostIsRefused() throws Exception {
    JsonObject altered = signed(notification(bounce("Permanent", "a@fans.example")), 2);
    altered.put("Message", bounce("Permanent", "someone-else@fans.example").encode());
    HttpResponse<Buffer> r = post(altered);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    loaded.clear();
    for (String url : new String[] {"https://sns.eu-west-1.amazonaws.com.evil.example/x.pem", "http://sns.eu-west-1.amazonaws.com/x.pem",
        "https://evil.example/sns.eu-west-1.amazonaws.com.pem", "https://user@sns.eu-west-1.amazonaws.com/x.pem",
        "https://sns.eu-west-1.amazonaws.com:8443/x.pem"}) {
      JsonObject m = signed(notification(bounce("Permanent", "a@fans.example")).put("SigningCertURL", url), 2);
      HttpResponse<Buffer> bad = post(m);
      assertThat(bad.statusCode()).as(url).isEqualTo(400);
      assertThat(bad.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("SigningCertURL");
    }
    assertThat(loaded).as("no certificate fetched from a foreign host").isEmpty();
    HttpResponse<Buffer> v3 = post(signed(notification(bounce("Permanent", "a@fans.example")), 2).put("SignatureVersion", "3"));
    assertThat(v3.statusCode()).isEqualTo(400);
    assertThat(count(pool, "SELECT count(*) FROM mail_suppressions")).isZero();
  }

  @Test
  void subscriptionConfirmationIsAcceptedButItsUrlIsNotFetched() throws Exception {
    JsonObject m = new JsonObject().put("Type", "SubscriptionConfirmation").put("MessageId", UUID.randomUUID().toString())
        .put("Token", "tok").put("TopicArn", TOPIC).put("Message", "You have chosen to subscribe")
        .put("SubscribeURL", "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=tok")
        .put("Timestamp", "2026-11-22T04:00:00.000Z").put("SigningCertURL", CERT_URL);
    HttpResponse<Buffer> r = post(signed(m, 1));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(loaded).containsExactly(URI.create(CERT_URL));
    assertThat(SnsVerifier.snsHost(m.getString("SubscribeURL"))).isTrue();
    assertThat(SnsVerifier.snsHost("https://sns.eu-west-1.amazonaws.com.evil.example/")).isFalse();
  }

  @Test
  void oversizedBodyIsA413Problem() {
    HttpResponse<Buffer> r = client.post("/mail/sns").sendBuffer(Buffer.buffer("x".repeat(MailRoutes.SNS_LIMIT + 1))).await();
    assertThat(r.statusCode()).isEqualTo(413);
  }
}
