package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.db.Database;
import chorus.mail.MailComposer;
import chorus.mail.MailTestSupport;
import chorus.mail.Tokens;
import chorus.mail.Tokens.Purpose;
import chorus.support.FanClient;
import chorus.support.HtmlChecker;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every page Chorus serves passes the Nu Html Checker with no errors: the fan page, the console, a share page,
 * the privacy notice and terms, the pages behind mail links (question and answer) and the error pages, in
 * several languages (right to left and CJK among them), and the fan page again as its scripts draw it in Chromium. The
 * mails' HTML parts are checked in MailComposerTest.
 */
class PageValidityTest {
  static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  static final String[] LANGS = {"en", "de", "ar", "ja"};
  static Vertx vertx;
  static TestApp app;
  static Pool pool;
  static Tokens tokens;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    var config = TestServices.get().config(Map.of());
    app = TestApp.start(vertx, config);
    pool = Database.pool(vertx, config);
    tokens = new Tokens(config.string("secret"));
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    app.close();
    vertx.close().await();
  }

  static HttpRequest<Buffer> browser(HttpRequest<Buffer> r, String lang) {
    return r.putHeader("Accept", BROWSER).putHeader("Accept-Language", lang);
  }

  /** Fetches each page, asserts it is HTML with the expected status, and collects the checker's errors per page. */
  static Map<String, Object> check(Map<String, Supplier<HttpResponse<Buffer>>> pages, Map<String, Integer> statuses) {
    Map<String, Object> errors = new LinkedHashMap<>();
    pages.forEach((what, fetch) -> {
      HttpResponse<Buffer> r = fetch.get();
      assertThat(r.statusCode()).as(what).isEqualTo(statuses.getOrDefault(what, 200));
      assertThat(r.getHeader("Content-Type")).as(what).startsWith("text/html");
      var found = HtmlChecker.errors(r.bodyAsString());
      if (!found.isEmpty()) errors.put(what, found);
    });
    return errors;
  }

  @Test
  void theCheckerFindsErrorsWhereThereAreSome() {
    // the checker is live: the fan page's old markup (an empty capture, an img without src, an a without href) fails it
    assertThat(HtmlChecker.errors("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head><body>"
        + "<input type=\"file\" capture><img alt=\"\"><a id=\"x\" target=\"_blank\">x</a></body></html>")).hasSize(3);
    assertThat(HtmlChecker.errors("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head><body><p>ok</p></body></html>"))
        .isEmpty();
  }

  @Test
  void theSitesPagesPassTheNuHtmlChecker() {
    Map<String, Supplier<HttpResponse<Buffer>>> pages = new LinkedHashMap<>();
    Map<String, Integer> statuses = new LinkedHashMap<>();
    for (String lang : LANGS) {
      pages.put("fan page " + lang, () -> browser(app.client.get("/?lang=" + lang), lang).send().await());
      pages.put("privacy " + lang, () -> app.client.get("/privacy?lang=" + lang).send().await());
      pages.put("terms " + lang, () -> app.client.get("/terms?lang=" + lang).send().await());
      pages.put("404 page " + lang, () -> browser(app.client.get("/nope"), lang).send().await());
      statuses.put("404 page " + lang, 404);
    }
    pages.put("console", () -> browser(app.client.get("/console/"), "en").send().await());
    FanClient fan = new FanClient(app.client);
    HttpResponse<Buffer> made = fan.post("/api/fan/artwork", new JsonObject().put("name", "Nour Valid").put("team", "aurora").put("lang", "ar"));
    assertThat(made.statusCode()).isBetween(200, 201);
    String share = URI.create(made.bodyAsJsonObject().getString("shareUrl")).getPath();
    pages.put("share page", () -> browser(app.client.get(share), "ar").send().await());
    pages.put("share page, none", () -> browser(app.client.get("/s/doesnotexist0"), "en").send().await());
    statuses.put("share page, none", 404);
    assertThat(check(pages, statuses)).isEmpty();
  }

  @Test
  void thePagesBehindMailLinksPassTheNuHtmlChecker() {
    Map<String, Supplier<HttpResponse<Buffer>>> pages = new LinkedHashMap<>();
    Map<String, Integer> statuses = new LinkedHashMap<>();
    MultiMap oneClick = MultiMap.caseInsensitiveMultiMap().add("List-Unsubscribe", "One-Click");
    for (String lang : LANGS) {
      String email = "valid-" + lang + "-" + UUID.randomUUID() + "@fans.example";
      UUID claim = MailTestSupport.insertSubscription(pool, email, lang);
      String confirm = MailComposer.CONFIRM_PATH + "?t=" + tokens.sign(Purpose.CONFIRM, email, claim.toString(), Instant.now()) + "&l=" + lang;
      String unsubscribe = MailComposer.UNSUBSCRIBE_PATH + "?t=" + tokens.sign(Purpose.UNSUBSCRIBE, email, Instant.now()) + "&l=" + lang;
      pages.put("confirm question " + lang, () -> browser(app.client.get(confirm), lang).send().await());
      pages.put("confirm answer " + lang, () -> browser(app.client.post(confirm), lang).send().await());
      pages.put("unsubscribe question " + lang, () -> browser(app.client.get(unsubscribe), lang).send().await());
      pages.put("unsubscribe answer " + lang, () -> browser(app.client.post(unsubscribe), lang).sendForm(oneClick).await());
      pages.put("broken link " + lang, () -> browser(app.client.get(MailComposer.CONFIRM_PATH + "?t=broken&l=" + lang), lang).send().await());
      statuses.put("broken link " + lang, 400);
    }
    assertThat(check(pages, statuses)).isEmpty();
  }

  @Test
  void theFanPageAsItsScriptsDrawItInEachLanguagePassesToo() {
    // the page fills in its texts, lyrics, teams and direction from the campaign: what the fan finally reads is checked
    Browser.requireChromium();
    Map<String, Object> errors = new LinkedHashMap<>();
    for (String lang : LANGS) {
      try (Browser b = Browser.start(lang, false)) {
        b.driver.get("http://127.0.0.1:" + app.port() + "/");
        b.waitFor("the page to load", d -> "true".equals(b.js("return document.body.dataset.ready || ''")));
        assertThat(b.js("return document.documentElement.lang")).isEqualTo(lang);
        String drawn = "<!DOCTYPE html>\n" + b.js("return document.documentElement.outerHTML");
        var found = HtmlChecker.errors(drawn);
        if (!found.isEmpty()) errors.put("fan page as drawn, " + lang, found);
      }
    }
    assertThat(errors).isEmpty();
  }
}
