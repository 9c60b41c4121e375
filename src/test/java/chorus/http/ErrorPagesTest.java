package chorus.http;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A person who opens a page that is not there gets a page in their language; programs keep problem JSON. */
class ErrorPagesTest {
  /** What Chromium sends when a person opens a link. */
  static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
  static Vertx vertx;
  static TestApp app;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of()));
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  static HttpResponse<Buffer> get(String path, String accept, String acceptLanguage) {
    var request = app.client.get(path);
    if (accept != null) request.putHeader("Accept", accept);
    if (acceptLanguage != null) request.putHeader("Accept-Language", acceptLanguage);
    return request.send().await();
  }

  @Test
  void aBrowserOpeningAnUnknownPageGetsA404PageInItsLanguageWithALinkToTheCampaign() {
    HttpResponse<Buffer> r = get("/nope", BROWSER, "de-DE,de;q=0.9,en;q=0.5");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(r.getHeader("Vary")).contains("Accept");
    assertThat(r.bodyAsString()).contains("<html lang=\"de\" dir=\"ltr\">", "<h1>" + ErrorPages.text("de", "notFoundTitle") + "</h1>",
        "<a href=\"/?lang=de\">" + ErrorPages.text("de", "campaign") + "</a>").doesNotContain("\"status\"");

    HttpResponse<Buffer> arabic = get("/nope/deeper?x=1", BROWSER, "ar");
    assertThat(arabic.statusCode()).isEqualTo(404);
    assertThat(arabic.bodyAsString()).contains("<html lang=\"ar\" dir=\"rtl\">", ErrorPages.text("ar", "notFoundTitle"), "href=\"/?lang=ar\"");
  }

  @Test
  void aProgramAskingForJsonGetsProblemJsonOnTheSameRoute() {
    for (String accept : new String[] {"application/json", "application/problem+json", null, "*/*",
        "application/json, text/html;q=0.5"}) {
      HttpResponse<Buffer> r = get("/nope", accept, "de");
      assertThat(r.statusCode()).as(accept).isEqualTo(404);
      assertThat(r.getHeader("Content-Type")).as(accept).isEqualTo("application/problem+json");
      assertThat(r.bodyAsJsonObject().getInteger("status")).isEqualTo(404);
    }
  }

  @Test
  void apiRoutesKeepProblemJsonWhateverAcceptSays() {
    for (String path : new String[] {"/api/nope", "/console/api/nope", "/api/fan", "/api", "/media/nope.jpg", "/health/nope"}) {
      HttpResponse<Buffer> r = get(path, BROWSER, "fr");
      assertThat(r.statusCode()).as(path).isBetween(400, 499);
      assertThat(r.getHeader("Content-Type")).as(path).isEqualTo("application/problem+json");
      assertThat(r.bodyAsJsonObject().getInteger("status")).as(path).isEqualTo(r.statusCode());
    }
  }

  @Test
  void theLanguageOfTheLinkWinsOverAcceptLanguageAndAnUnknownOneFallsBack() {
    assertThat(get("/nope?lang=ja", BROWSER, "fr").bodyAsString()).contains("<html lang=\"ja\"", ErrorPages.text("ja", "notFoundTitle"));
    assertThat(get("/nope?lang=xx", BROWSER, "tlh").bodyAsString()).contains("<html lang=\"en\"", ErrorPages.text("en", "notFoundTitle"));
  }

  @Test
  void everyPageTextIsTranslatedAndNoPageCarriesAnUnfilledTemplate() {
    for (String lang : chorus.campaign.Locales.LANGUAGES) {
      String html = ErrorPages.render(lang, 400, "link", true);
      assertThat(html).contains("lang=\"" + lang + "\"", ErrorPages.text(lang, "newLinkButton"), "/?lang=" + lang + "#join");
      if (!lang.equals("en")) assertThat(ErrorPages.text(lang, "linkTitle")).as(lang).isNotEqualTo(ErrorPages.text("en", "linkTitle"));
    }
  }
}
