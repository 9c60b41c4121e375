package chorus.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.campaign.Locales;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MailComposerTest {
  final Tokens tokens = new Tokens("0123456789abcdef0123456789abcdef-mail");
  final MailComposer composer = new MailComposer("Chorus <hello@chorus.invalid>", "https://sing.example.com/", tokens, null);

  static Outbox.Row row(String email, String lang, String name, String shareId) {
    return new Outbox.Row(1, "welcome", email, lang, new JsonObject().put("name", name).put("newsletter", true), "<abc@chorus>", 1, false, shareId);
  }

  @Test
  void everyLanguageHasEveryTextAndItsOwnSubject() {
    JsonObject en = MailTexts.all("en");
    for (String lang : Locales.LANGUAGES) {
      JsonObject texts = MailTexts.all(lang);
      assertThat(texts.fieldNames()).as(lang).containsExactlyInAnyOrderElementsOf(en.fieldNames());
      assertThat(texts.getString("greeting")).as(lang).contains("{name}");
      if (!lang.equals("en")) assertThat(texts.getString("subject")).as(lang).isNotEqualTo(en.getString("subject"));
    }
    assertThat(MailTexts.dir("ar")).isEqualTo("rtl");
    assertThat(MailTexts.lang("xx")).isEqualTo("en");
  }

  @Test
  void headersCarryNoNameAndTheStableMessageId() {
    MailMessage m = composer.compose(row("ana@fans.example", "ar", "Ann\r\nBcc: evil@example.com", "sh4re"), Instant.now());
    String encoded = new MailEncoder(m, "chorus.invalid").encode();
    String headers = encoded.split("\r?\n\r?\n", 2)[0];
    assertThat(headers).doesNotContainIgnoringCase("bcc").doesNotContain("Ann").contains("Message-ID: <abc@chorus>")
        .contains("List-Unsubscribe: <https://sing.example.com/mail/unsubscribe?t=").doesNotContain("mailto:");
    assertThat(m.getHtml()).contains("<html lang=\"ar\" dir=\"rtl\">").contains("<bdi>AnnBcc: evil@example.com</bdi>")
        .contains("https://sing.example.com/s/sh4re");
    assertThat(m.getText()).contains("https://sing.example.com/s/sh4re");
  }

  @Test
  void htmlInNamesIsEscaped() {
    MailMessage m = composer.compose(row("ana@fans.example", "en", "\"><img src=x onerror=alert(1)>", null), Instant.now());
    assertThat(m.getHtml()).doesNotContain("<img").contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void unusableRowsAreRefused() {
    assertThatThrownBy(() -> composer.compose(row("a@b.example\r\nBcc: x@y", "en", "A", null), Instant.now()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> composer.compose(row("no-at-sign", "en", "A", null), Instant.now()))
        .isInstanceOf(IllegalArgumentException.class);
    Outbox.Row badId = new Outbox.Row(1, "welcome", "a@b.example", "en", new JsonObject(), "<x>\r\nBcc: y", 1, false, null);
    assertThatThrownBy(() -> composer.compose(badId, Instant.now())).isInstanceOf(IllegalArgumentException.class);
  }
}
