package chorus.mail;

import static chorus.mail.MailTestSupport.eventually;
import static chorus.mail.MailTestSupport.insertConfirm;
import static chorus.mail.MailTestSupport.sql;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chorus.core.Config;
import chorus.core.Redact;
import chorus.db.Database;
import chorus.support.TestServices;
import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Personal data stays out of log lines and stored errors: an SMTP reply that echoes the address is redacted. */
class MailLogPrivacyTest {

  @Test
  void redactionReplacesEveryAddressInAReplyAndLeavesTheRest() {
    assertThat(Redact.emails("550 5.1.1 <Jane.Doe+song@Example.COM>: user unknown; cc ana@fans.example"))
        .isEqualTo("550 5.1.1 <<address>>: user unknown; cc <address>");
    assertThat(Redact.emails("421 4.7.0 try again later")).isEqualTo("421 4.7.0 try again later");
  }

  @Test
  void aRefusedRecipientIsLoggedAndStoredWithoutItsAddress() throws Exception {
    Vertx vertx = Vertx.vertx();
    int port = TestServices.freePort();
    GreenMail smtp = MailTestSupport.greenMail(port);
    Config c = MailTestSupport.config(port, Map.of());
    MailTestSupport.migrate(vertx, c);
    Pool pool = Database.pool(vertx, c);
    Logger logger = (Logger) LoggerFactory.getLogger(MailerVerticle.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    Vertx mailer = Vertx.vertx();
    try {
      MailTestSupport.clean(pool);
      String address = "reject-privacy@fans.example";
      long id = insertConfirm(pool, address, "en", true).id();
      mailer.deployVerticle(MailTestSupport.mailer(), new DeploymentOptions().setConfig(c.json())).await();
      assertThat(eventually(10, () -> "failed".equals(sql(pool, "SELECT status FROM mail_outbox WHERE id = $1", id)
          .iterator().next().getString(0)))).isTrue();
      String stored = sql(pool, "SELECT last_error FROM mail_outbox WHERE id = $1", id).iterator().next().getString(0);
      assertThat(stored).startsWith("550").doesNotContain("reject-privacy").doesNotContain("@fans.example");
      List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(logged).as("the mailer logged the failure").anyMatch(l -> l.contains(String.valueOf(id)));
      assertThat(logged).noneMatch(l -> l.contains("reject-privacy") || l.contains("@fans.example"));
    } finally {
      logger.detachAppender(lines);
      mailer.close().await();
      smtp.stop();
      vertx.close().await();
    }
  }
}
