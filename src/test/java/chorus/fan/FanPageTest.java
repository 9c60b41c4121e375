package chorus.fan;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.campaign.Campaign;
import chorus.campaign.Locales;
import chorus.core.Html;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The fan page as the server fills it in: every text in its language, the campaign's words escaped, the key art. */
class FanPageTest {
  static final Path WEBROOT = Path.of("webroot");

  static String template() throws Exception {
    return Files.readString(WEBROOT.resolve("index.html"));
  }

  static JsonObject texts(String lang) throws Exception {
    return new JsonObject(Files.readString(WEBROOT.resolve("i18n").resolve(lang + ".json")));
  }

  static Campaign campaign(java.util.function.Consumer<JsonObject> change) throws Exception {
    JsonObject raw = new JsonObject(Files.readString(Path.of("conf/campaign.json")));
    change.accept(raw);
    Path file = Files.createTempFile("campaign", ".json");
    Files.writeString(file, raw.encode());
    return Campaign.load(file, WEBROOT);
  }

  @Test
  void everyTranslatedElementCarriesItsTextInEachLanguage() throws Exception {
    String template = template();
    Campaign campaign = campaign(c -> { });
    Matcher keys = Pattern.compile("data-i18n=\"(\\w+)\"").matcher(template);
    java.util.List<String> all = keys.results().map(m -> m.group(1)).distinct().toList();
    assertThat(all).contains("stepSing", "previewCaption");
    for (String lang : Locales.LANGUAGES) {
      String html = FanPage.render(template, texts(lang), campaign, lang);
      for (String key : all) {
        assertThat(html).as(lang + " " + key).containsPattern("data-i18n=\"" + key + "\"[^>]*>" + Pattern.quote(Html.escape(texts(lang).getString(key))) + "<");
      }
      assertThat(html).contains("<html lang=\"" + lang + "\"")
          .contains("<option value=\"" + lang + "\" selected ")
          .contains("<meta name=\"description\" content=\"" + Html.escape(campaign.text(lang, "tagline")) + "\">");
    }
  }

  @Test
  void theCampaignsWordsAreEscaped() throws Exception {
    Campaign campaign = campaign(c -> {
      c.getJsonObject("texts").getJsonObject("en").put("tagline", "Sing \"loud\" <script>alert(1)</script> & more");
      c.getJsonObject("keyArt").getJsonObject("alt").put("en", "A \"stage\" <img src=x onerror=alert(1)>");
    });
    String html = FanPage.render(template(), texts("en"), campaign, "en");
    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x")
        .contains("content=\"Sing &quot;loud&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; more\"")
        .contains("alt=\"A &quot;stage&quot; &lt;img src=x onerror=alert(1)&gt;\"");
  }

  @Test
  void keyArtIsAnImageAVideoWithItsPosterOrNothing() throws Exception {
    String video = FanPage.keyArt(new JsonObject().put("video", "/campaign/key.mp4").put("type", "video/mp4")
        .put("poster", "/campaign/key.jpg").put("width", 1280).put("height", 720).put("alt", "The artist on stage"));
    assertThat(video).contains("<video").contains("poster=\"/campaign/key.jpg\"").contains("width=\"1280\" height=\"720\"")
        .contains("aria-label=\"The artist on stage\"").contains("<source src=\"/campaign/key.mp4\" type=\"video/mp4\">")
        .contains("preload=\"none\"").doesNotContain("autoplay");
    String image = FanPage.render(template(), texts("ja"), campaign(c -> { }), "ja");
    assertThat(image).contains("<img id=\"key-art-media\" src=\"/campaign/keyart.jpg\"").contains("fetchpriority=\"high\"");
    String none = FanPage.render(template(), texts("en"), campaign(c -> c.remove("keyArt")), "en");
    assertThat(none).contains("<figure id=\"key-art\" class=\"key-art\" hidden></figure>").doesNotContain("key-art-media");
  }
}
