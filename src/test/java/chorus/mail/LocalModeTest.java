package chorus.mail;

import static chorus.mail.MailTestSupport.count;
import static chorus.mail.MailTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.Config;
import chorus.core.Settings;
import chorus.db.Database;
import chorus.support.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Local mode without SMTP: mail lands as .eml files in mail.dir, exactly as it would be sent. */
class LocalModeTest {

  @Test
  void mailIsWrittenAsEmlFiles() throws Exception {
    Path dir = Files.createTempDirectory("chorus-mail");
    JsonObject json = MailTestSupport.config(TestServices.freePort(), Map.of()).json().copy()
        .put("mode", Settings.MODE_LOCAL).put("mail.dir", dir.toString());
    json.remove("smtp.host");
    Config config = Config.of(json);
    Vertx vertx = Vertx.vertx();
    try {
      MailTestSupport.migrate(vertx, config);
      Pool pool = Database.pool(vertx, config);
      MailTestSupport.clean(pool);
      var row = MailTestSupport.insertConfirm(pool, "local@fans.example", "ko", true);
      vertx.deployVerticle(MailTestSupport.mailer(), new DeploymentOptions().setConfig(config.json())).await();
      assertThat(eventually(10, () -> count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'sent'") == 1)).isTrue();
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.toList();
      }
      assertThat(files).hasSize(1);
      assertThat(files.get(0).getFileName().toString()).isEqualTo(LocalMailWriter.fileName(row.messageId()));
      String eml = Files.readString(files.get(0));
      assertThat(eml).contains("Message-ID: " + row.messageId()).contains("To: local@fans.example")
          .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click").contains("multipart/alternative")
          .contains("Content-Type: text/plain").contains("Content-Type: text/html");
    } finally {
      vertx.close().await();
    }
  }
}
