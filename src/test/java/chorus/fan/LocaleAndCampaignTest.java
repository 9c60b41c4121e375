package chorus.fan;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.campaign.Locales;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocaleAndCampaignTest {
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

  private JsonObject locale(String acceptLanguage, String country) {
    var req = app.client.get("/api/locale");
    if (acceptLanguage != null) req.putHeader("Accept-Language", acceptLanguage);
    if (country != null) req.putHeader("CloudFront-Viewer-Country", country);
    HttpResponse<Buffer> r = req.send().await();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Vary")).contains("Accept-Language").contains("CloudFront-Viewer-Country");
    return r.bodyAsJsonObject();
  }

  @Test
  void languageComesFromAcceptLanguageWithQValues() {
    assertThat(locale("de;q=0.3, fr;q=0.9, en;q=0.5", null).getString("lang")).isEqualTo("fr");
    assertThat(locale("pt-BR,pt;q=0.9", null).getString("lang")).isEqualTo("pt");
    assertThat(locale("zh-Hant-TW", null).getString("lang")).isEqualTo("zh");
    assertThat(locale("zh-TW,en;q=0.1", null).getString("lang")).isEqualTo("zh");
    assertThat(locale("sv, ja;q=0.2", null).getString("lang")).isEqualTo("ja");
    assertThat(locale("ar-EG", null).getString("dir")).isEqualTo("rtl");
    assertThat(locale("fr;q=0, es", null).getString("lang")).isEqualTo("es");
  }

  @Test
  void countryDecidesWhenNoLanguageMatchesThenEnglish() {
    JsonObject kr = locale("sv-SE", "KR");
    assertThat(kr.getString("lang")).isEqualTo("ko");
    assertThat(kr.getString("country")).isEqualTo("KR");
    assertThat(locale(null, "BR").getString("lang")).isEqualTo("pt");
    assertThat(locale(null, "SE").getString("lang")).isEqualTo("en");
    assertThat(locale(";;;garbage===", "x<script>").getString("lang")).isEqualTo("en");
    assertThat(locale(null, null).getJsonArray("languages").getList()).hasSize(14).containsAll(Locales.LANGUAGES);
  }

  @Test
  void campaignIsLocalisedInEveryLanguageWithTeamsTrackLyricsAndLimits() {
    for (String lang : Locales.LANGUAGES) {
      HttpResponse<Buffer> r = app.client.get("/api/campaign?lang=" + lang).send().await();
      assertThat(r.statusCode()).isEqualTo(200);
      JsonObject c = r.bodyAsJsonObject();
      assertThat(c.getString("lang")).isEqualTo(lang);
      assertThat(c.getJsonArray("teams").size()).isGreaterThanOrEqualTo(24);
      assertThat(c.getJsonObject("texts").getString("title")).isNotBlank();
      assertThat(c.getJsonArray("lyrics")).isNotEmpty();
      assertThat(c.getJsonObject("recording").getJsonArray("types").getList()).contains("audio/webm");
      assertThat(c.getJsonObject("contest").getString("termsVersion")).isNotBlank();
    }
    JsonObject ar = app.client.get("/api/campaign?lang=ar").send().await().bodyAsJsonObject();
    assertThat(ar.getString("dir")).isEqualTo("rtl");
    JsonObject en = app.client.get("/api/campaign?lang=en").send().await().bodyAsJsonObject();
    assertThat(ar.getJsonArray("teams").getJsonObject(0).getString("name"))
        .isNotEqualTo(en.getJsonArray("teams").getJsonObject(0).getString("name"));
  }

  @Test
  void campaignAssetsItPointsToAreServed() {
    JsonObject c = app.client.get("/api/campaign?lang=en").send().await().bodyAsJsonObject();
    String crest = c.getJsonArray("teams").getJsonObject(0).getString("crestUrl");
    HttpResponse<Buffer> png = app.client.get(crest).send().await();
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.getHeader("Content-Type")).isEqualTo("image/png");
    HttpResponse<Buffer> track = app.client.get(c.getJsonObject("backingTrack").getString("url")).send().await();
    assertThat(track.statusCode()).isEqualTo(200);
    assertThat(track.body().length()).isGreaterThan(100_000);
  }

  @Test
  void campaignHasAnETagAndAnswers304() {
    HttpResponse<Buffer> first = app.client.get("/api/campaign?lang=fr").send().await();
    String etag = first.getHeader("ETag");
    assertThat(etag).isNotBlank();
    assertThat(first.getHeader("Cache-Control")).contains("max-age");
    HttpResponse<Buffer> again = app.client.get("/api/campaign?lang=fr").putHeader("If-None-Match", etag).send().await();
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(app.client.get("/api/campaign?lang=de").send().await().getHeader("ETag")).isNotEqualTo(etag);
  }

  @Test
  void unknownLanguageIsA400NamingTheParameter() {
    HttpResponse<Buffer> r = app.client.get("/api/campaign?lang=xx").send().await();
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsString()).contains("lang");
  }
}
