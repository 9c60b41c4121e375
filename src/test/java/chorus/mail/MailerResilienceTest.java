package chorus.mail;

import static chorus.mail.MailTestSupport.count;
import static chorus.mail.MailTestSupport.eventually;
import static chorus.mail.MailTestSupport.insertConfirm;
import static chorus.mail.MailTestSupport.sql;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.Config;
import chorus.db.Database;
import chorus.support.TestServices;
import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Nothing lost, nothing doubled: SMTP outages, two containers on one database, a container killed mid-send. */
class MailerResilienceTest {
  static Vertx vertx;
  static Pool pool;

  @BeforeAll
  static void startAll() {
    vertx = Vertx.vertx();
    Config c = MailTestSupport.config(TestServices.freePort(), Map.of());
    MailTestSupport.migrate(vertx, c);
    pool = Database.pool(vertx, c);
  }

  @AfterAll
  static void stopAll() {
    vertx.close().await();
  }

  @BeforeEach
  void clean() {
    MailTestSupport.clean(pool);
  }

  static MailerVerticle deploy(Vertx on, int smtpPort, Map<String, Object> settings) {
    MailerVerticle v = MailTestSupport.mailer();
    on.deployVerticle(v, new DeploymentOptions().setConfig(MailTestSupport.config(smtpPort, settings).json())).await();
    return v;
  }

  static Set<String> messageIds(MimeMessage[] got) {
    return Arrays.stream(got).map(m -> {
      try {
        return m.getMessageID();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).collect(Collectors.toSet());
  }

  @Test
  void smtpDownMailsQueueAndAreEachSentExactlyOnceWhenItIsBack() throws Exception {
    int port = TestServices.freePort();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) ids.add(insertConfirm(pool, "queued" + i + "@fans.example", "fr", true).messageId());
    Vertx container = Vertx.vertx();
    try {
      deploy(container, port, Map.of());
      // nothing listens: every row is tried, fails transiently and waits with backoff
      assertThat(eventually(20, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE attempts >= 2 AND last_error IS NOT NULL") == 30)).isTrue();
      assertThat(count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'pending'")).isEqualTo(30);
      GreenMail smtp = MailTestSupport.greenMail(port);
      try {
        assertThat(eventually(20, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'sent'") == 30)).isTrue();
        Thread.sleep(1_000);
        MimeMessage[] got = smtp.getReceivedMessages();
        assertThat(got).hasSize(30);
        assertThat(messageIds(got)).containsExactlyInAnyOrderElementsOf(ids);
      } finally {
        smtp.stop();
      }
    } finally {
      container.close().await();
    }
  }

  @Test
  void twoMailersOnOneDatabaseNeverSendTheSameRowTwice() throws Exception {
    int port = TestServices.freePort();
    GreenMail smtp = MailTestSupport.greenMail(port);
    int n = 600;
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) values.append(',');
      values.append("('confirm', 'many").append(i).append("@fans.example', 'en', '{\"claim\":\"").append(java.util.UUID.randomUUID())
          .append("\",\"newsletter\":true}', '<many-").append(i).append("@chorus>')");
    }
    Vertx a = Vertx.vertx();
    Vertx b = Vertx.vertx();
    try {
      MailerVerticle first = deploy(a, port, Map.of("mail.batchSize", 10));
      MailerVerticle second = deploy(b, port, Map.of("mail.batchSize", 10));
      sql(pool, "INSERT INTO mail_outbox (kind, email, lang, payload, message_id) VALUES " + values);
      a.eventBus().publish(chorus.core.Addresses.MAIL_OUTBOX_WAKE, null);
      b.eventBus().publish(chorus.core.Addresses.MAIL_OUTBOX_WAKE, null);
      assertThat(eventually(60, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'sent'") == n)).isTrue();
      Thread.sleep(1_000);
      MimeMessage[] got = smtp.getReceivedMessages();
      assertThat(got).hasSize(n);
      assertThat(messageIds(got)).hasSize(n);
      assertThat(first.stats().sent.sum() + second.stats().sent.sum()).isEqualTo(n);
      assertThat(first.stats().sent.sum()).isPositive();
      assertThat(second.stats().sent.sum()).isPositive();
      assertThat(count(pool, "SELECT max(attempts) FROM mail_outbox")).isEqualTo(1);
    } finally {
      a.close().await();
      b.close().await();
      smtp.stop();
    }
  }

  @Test
  void leaseExpiryAfterAContainerDiesMidSendLetsAnotherSendIt() throws Exception {
    var inserted = insertConfirm(pool, "crash@fans.example", "ja", true);
    int port = TestServices.freePort();
    GreenMail smtp = MailTestSupport.greenMail(port);
    Vertx a = Vertx.vertx();
    Vertx b = Vertx.vertx();
    List<Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
    // container A talks to an SMTP server that accepts the connection and then never answers: its send hangs
    // for good, as if the container had died mid-send; from the database's side only its lease remains
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) held.add(blackHole.accept());
        } catch (IOException closed) {
          // the test closed the server socket: stop accepting
        }
      });
      acceptor.start();
      deploy(a, blackHole.getLocalPort(), Map.of("mail.leaseSeconds", 3));
      assertThat(eventually(10, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE attempts = 1 AND lease_until > now()") == 1)).isTrue();
      double leaseUntil = sql(pool, "SELECT extract(epoch FROM lease_until)::float8 FROM mail_outbox").iterator().next().getDouble(0);
      deploy(b, port, Map.of("mail.leaseSeconds", 3));
      assertThat(eventually(15, () -> smtp.getReceivedMessages().length == 1)).isTrue();
      assertThat(smtp.getReceivedMessages()[0].getMessageID()).isEqualTo(inserted.messageId());
      assertThat(eventually(5, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'sent'") == 1)).isTrue();
      Row r = sql(pool, "SELECT attempts, extract(epoch FROM sent_at)::float8 FROM mail_outbox WHERE id = $1", inserted.id()).iterator().next();
      assertThat(r.getInteger(0)).isEqualTo(2);
      assertThat(r.getDouble(1)).as("sent only after the dead container's lease ran out").isGreaterThanOrEqualTo(leaseUntil);
    } finally {
      for (Socket s : held) s.close();
      a.close().await();
      b.close().await();
      smtp.stop();
    }
    assertThat(count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'sent' AND attempts = 2")).as("A's late failure changes nothing").isEqualTo(1);
  }

  @Test
  void rejectedCredentialsAreAContainerProblemSoMailWaitsInsteadOfFailing() throws Exception {
    int port = TestServices.freePort();
    GreenMail smtp = MailTestSupport.greenMail(port, "ses-user", "right-password");
    long id = insertConfirm(pool, "patient@fans.example", "it", true).id();
    Vertx wrong = Vertx.vertx();
    try {
      deploy(wrong, port, Map.of("smtp.username", "ses-user", "smtp.password", "wrong-password"));
      assertThat(eventually(15, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE attempts >= 2 AND last_error LIKE '535%'") == 1)).isTrue();
      assertThat(count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'pending'")).isEqualTo(1);
      wrong.close().await();
      Vertx right = Vertx.vertx();
      try {
        deploy(right, port, Map.of("smtp.username", "ses-user", "smtp.password", "right-password"));
        assertThat(eventually(15, () -> smtp.getReceivedMessages().length == 1)).isTrue();
        assertThat(eventually(5, () -> "sent".equals(sql(pool, "SELECT status FROM mail_outbox WHERE id = $1", id).iterator().next().getString(0)))).isTrue();
      } finally {
        right.close().await();
      }
    } finally {
      smtp.stop();
    }
  }
}
