package chorus.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.campaign.Campaign;
import chorus.campaign.Locales;
import chorus.campaign.Team;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MailComposerTest {
  static final Campaign CAMPAIGN = MailTestSupport.campaign();
  final Tokens tokens = new Tokens("0123456789abcdef0123456789abcdef-mail");
  final MailComposer composer = new MailComposer("Chorus <hello@chorus.invalid>", "https://sing.example.com/", tokens, null, CAMPAIGN);

  static final JsonObject ARTWORK = new JsonObject().put("shareId", "sh4re").put("name", "Zelda Quixote-Marr").put("team", "comet")
      .put("cover", new JsonObject().put("key", "artwork/abc/cover.jpg").put("width", 1400).put("height", 1400));

  static Outbox.Row welcome(String email, String lang, String name, String shareId) {
    return new Outbox.Row(1, "welcome", email, lang, new JsonObject().put("name", name).put("team", "aurora").put("newsletter", true),
        "<abc@chorus>", 1, false, shareId, shareId == null ? null : ARTWORK, true, true);
  }

  static Outbox.Row inSong(String lang, String shareId) {
    return new Outbox.Row(3, "in_song", "ana@fans.example", lang, new JsonObject().put("recordingId", UUID.randomUUID().toString())
        .put("name", "Ana").put("team", "aurora"), "<s@chorus>", 1, false, shareId, shareId == null ? null : ARTWORK, true, true);
  }

  static Outbox.Row confirm(String lang, JsonObject payload) {
    return new Outbox.Row(2, "confirm", "ana@fans.example", lang, payload.put("claim", UUID.randomUUID().toString()), "<c@chorus>", 1, false,
        "sh4re", ARTWORK, false, true);
  }

  @Test
  void everyLanguageHasEveryTextAndItsOwnSubjects() {
    JsonObject en = MailTexts.all("en");
    for (String lang : Locales.LANGUAGES) {
      JsonObject texts = MailTexts.all(lang);
      assertThat(texts.fieldNames()).as(lang).containsExactlyInAnyOrderElementsOf(en.fieldNames());
      assertThat(texts.getString("greeting")).as(lang).contains("{name}");
      assertThat(texts.getString("confirmLead")).as(lang).contains("{song}").contains("{artist}");
      assertThat(texts.getString("welcomeIntro")).as(lang).contains("{song}");
      if (!lang.equals("en")) {
        assertThat(texts.getString("confirmSubject")).as(lang).isNotEqualTo(en.getString("confirmSubject"));
        assertThat(texts.getString("welcomeSubject")).as(lang).isNotEqualTo(en.getString("welcomeSubject"));
      }
    }
    assertThat(MailTexts.dir("ar")).isEqualTo("rtl");
    assertThat(MailTexts.lang("xx")).isEqualTo("en");
  }

  @Test
  void everyKindRendersInEveryLanguageUnder100KbRightToLeftForArabic() {
    for (String lang : Locales.LANGUAGES) {
      for (Outbox.Row row : everyKind(lang)) {
        MailMessage m = composer.compose(row, Instant.now());
        String what = lang + " " + row.kind();
        assertThat(m.getSubject()).as(what).isNotBlank().doesNotContain("{");
        assertThat(m.getText()).as(what).isNotBlank().doesNotContain("{artist}").doesNotContain("{song}").doesNotContain("{name}")
            .contains("https://sing.example.com/privacy?lang=" + lang).contains("https://sing.example.com/terms?lang=" + lang);
        assertThat(m.getHtml()).as(what).startsWith("<!DOCTYPE html>").contains("dir=\"" + (lang.equals("ar") ? "rtl" : "ltr") + "\"")
            .contains("<meta name=\"color-scheme\" content=\"light dark\">").contains("https://sing.example.com/privacy?lang=" + lang).contains("https://sing.example.com/terms?lang=" + lang)
            .doesNotContain("{artist}").doesNotContain("{song}");
        assertThat(m.getHtml().getBytes(StandardCharsets.UTF_8).length).as(what).isLessThan(100 * 1024);
        assertThat(m.getHeaders().get("List-Id")).as(what).isEqualTo("<demo.sing.example.com>");
      }
    }
  }

  @Test
  void aConfirmationCarriesNothingTheRequesterTyped() {
    // even were a name or a share page at hand, the confirmation uses neither
    MailMessage m = composer.compose(confirm("en", new JsonObject().put("name", "Zelda Quixote-Marr").put("team", "volcano")), Instant.now());
    for (String part : new String[] {m.getText(), m.getHtml(), m.getSubject()}) {
      assertThat(part).doesNotContain("Zelda").doesNotContain("Quixote").doesNotContain("sh4re").doesNotContain("/s/")
          .doesNotContain("/media/").doesNotContain("#b91c1c");
    }
    assertThat(m.getText()).contains("https://sing.example.com/mail/confirm?t=").contains(MailTexts.get("en", "confirmIgnore"))
        .contains(CAMPAIGN.artist()).contains(CAMPAIGN.songTitle());
    assertThat(m.getHtml()).doesNotContain("<img");
    Outbox.Row noClaim = new Outbox.Row(3, "confirm", "ana@fans.example", "en", new JsonObject(), "<c@chorus>", 1, false);
    assertThatThrownBy(() -> composer.compose(noClaim, Instant.now())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theWelcomeShowsTheArtworkWithAltTextTheShareLinkAndHonestWords() {
    MailMessage m = composer.compose(welcome("ana@fans.example", "en", "Ana", "sh4re"), Instant.now());
    String alt = CAMPAIGN.text("en", "artworkAlt").replace("{name}", "Zelda Quixote-Marr").replace("{team}", CAMPAIGN.team("comet").orElseThrow().name("en"));
    assertThat(m.getHtml()).contains("<img src=\"https://sing.example.com/media/artwork/abc/cover.jpg\" width=\"512\" height=\"512\" alt=\""
        + chorus.core.Html.escape(alt) + "\"").contains("https://sing.example.com/s/sh4re").contains("https://sing.example.com/?lang=en")
        .contains("Your take is in; approved takes are mixed into the song.").doesNotContain("/mail/confirm");
    assertThat(m.getText()).contains("[" + alt + "]").contains("https://sing.example.com/s/sh4re").contains("Hi Ana,");
  }

  @Test
  void buttonTextReadsOnEveryTeamColour() {
    for (Team t : CAMPAIGN.teams()) {
      Letter.Brand b = Letter.Brand.of(t.primary());
      double band = Letter.Brand.luminance(b.band());
      double ink = Letter.Brand.luminance(b.ink());
      double contrast = (Math.max(band, ink) + 0.05) / (Math.min(band, ink) + 0.05);
      assertThat(contrast).as(t.id() + " " + t.primary()).isGreaterThanOrEqualTo(4.5);
    }
  }

  @Test
  void headersCarryNoNameAndTheStableMessageId() {
    MailMessage m = composer.compose(welcome("ana@fans.example", "ar", "Ann\r\nBcc: evil@example.com", "sh4re"), Instant.now());
    String encoded = new MailEncoder(m, "chorus.invalid").encode();
    String headers = encoded.split("\r?\n\r?\n", 2)[0];
    assertThat(headers).doesNotContainIgnoringCase("bcc").doesNotContain("Ann").contains("Message-ID: <abc@chorus>")
        .contains("List-Id: <demo.sing.example.com>")
        .contains("List-Unsubscribe: <https://sing.example.com/mail/unsubscribe?t=").doesNotContain("mailto:");
    assertThat(m.getHtml()).contains("<html lang=\"ar\" dir=\"rtl\">").contains("<bdi>AnnBcc: evil@example.com</bdi>")
        .contains("https://sing.example.com/s/sh4re");
    assertThat(m.getText()).contains("https://sing.example.com/s/sh4re");
  }

  @Test
  void htmlInNamesIsEscaped() {
    MailMessage m = composer.compose(welcome("ana@fans.example", "en", "\"><img src=x onerror=alert(1)>", null), Instant.now());
    assertThat(m.getHtml()).doesNotContain("<img").contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  }

  @Test
  void listIdIsMadeOfTheCampaignAndTheHost() {
    assertThat(MailComposer.listId("Demo Campaign!", "https://Sing.Example.com:8443/x")).isEqualTo("<demo-campaign.sing.example.com>");
    assertThat(MailComposer.listId("demo", "not a url")).isEqualTo("<demo.chorus.invalid>");
  }

  @Test
  void unusableRowsAreRefused() {
    assertThatThrownBy(() -> composer.compose(welcome("a@b.example\r\nBcc: x@y", "en", "A", null), Instant.now()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> composer.compose(welcome("no-at-sign", "en", "A", null), Instant.now()))
        .isInstanceOf(IllegalArgumentException.class);
    Outbox.Row badId = new Outbox.Row(1, "welcome", "a@b.example", "en", new JsonObject(), "<x>\r\nBcc: y", 1, false);
    assertThatThrownBy(() -> composer.compose(badId, Instant.now())).isInstanceOf(IllegalArgumentException.class);
    Outbox.Row mystery = new Outbox.Row(1, "mystery", "a@b.example", "en", new JsonObject(), "<x@chorus>", 1, false);
    assertThatThrownBy(() -> composer.compose(mystery, Instant.now())).isInstanceOf(IllegalArgumentException.class);
  }

  /** One row of every kind (and the welcome without artwork), as the outbox hands them to the composer. */
  static java.util.List<Outbox.Row> everyKind(String lang) {
    return java.util.List.of(confirm(lang, new JsonObject()), welcome("ana@fans.example", lang, "Ana", "sh4re"),
        welcome("ana@fans.example", lang, "", null), inSong(lang, "sh4re"), inSong(lang, null));
  }

  @Test
  void everyKindsHtmlPartPassesTheNuHtmlChecker() {
    java.util.Map<String, java.util.List<String>> errors = new java.util.LinkedHashMap<>();
    for (String lang : new String[] {"en", "de", "ar", "ja", "zh"}) {
      for (Outbox.Row row : everyKind(lang)) {
        var found = chorus.support.HtmlChecker.errors(composer.compose(row, Instant.now()).getHtml());
        if (!found.isEmpty()) errors.put(lang + " " + row.kind() + " " + row.shareId(), found);
      }
    }
    assertThat(errors).isEmpty();
  }

  @Test
  void youreInTheSongSaysTheTakeIsMixedAndLinksThePageThatPlaysThePreview() {
    for (String lang : new String[] {"en", "ar", "ja"}) {
      MailMessage m = composer.compose(inSong(lang, "sh4re"), Instant.now());
      assertThat(m.getSubject()).isEqualTo(MailTexts.get(lang, "inSongSubject").replace("{song}", CAMPAIGN.songTitle())
          .replace("{artist}", CAMPAIGN.artist()));
      assertThat(m.getText()).contains(MailTexts.get(lang, "inSongListen"), MailTexts.get(lang, "inSongButton") + ":\nhttps://sing.example.com/s/sh4re",
          MailTexts.get(lang, "newsFooter"), "https://sing.example.com/mail/unsubscribe?t=", "https://sing.example.com/terms?lang=" + lang);
      assertThat(m.getHtml()).contains("href=\"https://sing.example.com/s/sh4re\"", "dir=\"" + MailTexts.dir(lang) + "\"", "<h1")
          .doesNotContain("/media/"); // no artwork image in this one: short, one link to listen
      assertThat(m.getHeaders().get("List-Id")).isEqualTo("<demo.sing.example.com>");
      assertThat(m.getHeaders().get("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
    }
    // without a share page the preview is on the campaign page, in the browser the fan recorded with
    MailMessage noShare = composer.compose(inSong("de", null), Instant.now());
    assertThat(noShare.getText()).contains(MailTexts.get("de", "inSongOnPage")).doesNotContain("/s/");
    assertThat(noShare.getHtml()).contains("href=\"https://sing.example.com/?lang=de\"");
  }
}
