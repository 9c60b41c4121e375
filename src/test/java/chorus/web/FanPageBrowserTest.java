package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.Select;

/**
 * The fan page as the server sends it: the campaign's texts and key art already in the HTML, per language, so the
 * page does not jump when the scripts arrive; and the live cover preview drawn in the page as the fan types.
 */
class FanPageBrowserTest {
  static final List<String> LANGS = List.of("en", "ar", "ja");
  static Site site;
  static JsonObject campaign;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    site = Site.start();
    campaign = new JsonObject(Files.readString(Path.of("conf/campaign.json")));
  }

  @AfterAll
  static void stop() {
    if (site != null) site.close();
  }

  static String tagline(String lang) {
    return campaign.getJsonObject("texts").getJsonObject(lang).getString("tagline");
  }

  @Test
  void thePageDoesNotShiftAsTheCampaignArrivesAndDescribesItselfInTheFansLanguage() {
    Set<String> descriptions = new HashSet<>();
    for (String lang : LANGS) {
      try (Browser b = Browser.start(lang, true)) {
        b.driver.manage().window().setSize(new Dimension(412, 915)); // a phone's viewport, as Lighthouse's mobile run
        FanJourneyBrowserTest.open(b, site.base());
        b.waitFor("the key art to load", d -> (Long) b.js("return document.getElementById('key-art-media').naturalWidth") > 0);
        assertThat(layoutShift(b, lang)).as("cumulative layout shift in " + lang).isLessThan(0.1);

        assertThat(b.js("return getComputedStyle(document.body).backgroundColor")).as("the inlined stylesheet applies")
            .isEqualTo("rgb(20, 15, 46)");
        assertThat(b.js("return document.documentElement.lang")).isEqualTo(lang);
        assertThat(b.js("return document.documentElement.dir")).isEqualTo(lang.equals("ar") ? "rtl" : "ltr");
        String description = (String) b.js("return document.querySelector('meta[name=description]').content");
        assertThat(description).as("meta description in " + lang).isEqualTo(tagline(lang));
        descriptions.add(description);
        assertThat(b.js("return document.getElementById('key-art-media').alt"))
            .isEqualTo(campaign.getJsonObject("keyArt").getJsonObject("alt").getString(lang));
      }
    }
    assertThat(descriptions).as("one description per language").hasSize(LANGS.size());
  }

  /** Every layout shift since navigation (buffered), summed as Cumulative Layout Shift counts them: not those after input. */
  @SuppressWarnings("unchecked")
  static double layoutShift(Browser b, String what) {
    Map<String, Object> cls = (Map<String, Object>) b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "const seen = []; new PerformanceObserver((list) => list.getEntries().forEach((e) => seen.push(e)))"
        + "  .observe({type: 'layout-shift', buffered: true});"
        + "setTimeout(() => done({sum: seen.filter((e) => !e.hadRecentInput).reduce((s, e) => s + e.value, 0),"
        + "  count: seen.length, supported: PerformanceObserver.supportedEntryTypes.includes('layout-shift'),"
        + "  moved: seen.flatMap((e) => e.sources.map((x) => (x.node ? (x.node.id || x.node.nodeName) : '?') + ' '"
        + "    + JSON.stringify([x.previousRect, x.currentRect].map((r) => [r.x, r.y, r.width, r.height]))))}), 1500);");
    System.out.printf("layout shift on %s: %s%n", what, cls);
    assertThat(cls.get("supported")).isEqualTo(true);
    return ((Number) cls.get("sum")).doubleValue();
  }

  @Test
  void aLanguageTheFanSwitchesToIsWhatAReloadAsksTheServerFor() {
    try (Browser b = Browser.start("en", true)) {
      FanJourneyBrowserTest.open(b, site.base());
      new Select(b.el("lang-select")).selectByValue("ja");
      b.waitText("title", campaign.getJsonObject("texts").getJsonObject("ja").getString("title"));
      assertThat((String) b.js("return location.search")).isEqualTo("?lang=ja");
      b.driver.navigate().refresh();
      FanJourneyBrowserTest.waitReady(b);
      assertThat((String) b.js("return performance.getEntriesByType('navigation')[0].name")).endsWith("/?lang=ja");
      assertThat(layoutShift(b, "ja after a reload")).isLessThan(0.1);
      assertThat(b.js("return document.querySelector('meta[name=description]').content")).isEqualTo(tagline("ja"));
    }
  }

  @Test
  void theServerSendsEachLanguageFilledInWithItsOwnEtag() throws Exception {
    HttpResponse<Buffer> ja = site.app.client.get("/?lang=ja").send().await();
    assertThat(ja.statusCode()).isEqualTo(200);
    assertThat(ja.getHeader("Content-Type")).startsWith("text/html");
    assertThat(ja.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(ja.getHeader("Content-Security-Policy")).contains("script-src 'self'").contains("style-src 'self' 'sha256-")
        .doesNotContain("unsafe-");
    String html = ja.bodyAsString();
    assertThat(html).contains("<html lang=\"ja\" dir=\"ltr\">")
        .contains("<meta name=\"description\" content=\"" + tagline("ja") + "\">")
        .contains("<h1 id=\"title\">" + campaign.getJsonObject("texts").getJsonObject("ja").getString("title") + "</h1>")
        .contains("width=\"960\" height=\"540\"")
        .contains("<li dir=\"auto\">City lights are calling out my name</li>")
        .contains(">0:00 / 1:15</span>")
        .contains("<style>/* Chorus fan page.").doesNotContain("rel=\"stylesheet\"");
    assertThat(ja.getHeader("Vary")).as("a page the query names varies by nothing but its coding").isEqualTo("Accept-Encoding");
    HttpResponse<Buffer> zipped = site.app.client.get("/?lang=ja").putHeader("Accept-Encoding", "gzip, br").send().await();
    assertThat(zipped.getHeader("Content-Encoding")).as("made once at start-up, never per request").isEqualTo("gzip");
    assertThat(new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body().getBytes())).readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(html);
    assertThat(zipped.getHeader("ETag")).as("each coding its own ETag").isNotEqualTo(ja.getHeader("ETag"));
    assertThat(site.app.client.get("/?lang=ja").putHeader("Accept-Encoding", "gzip").putHeader("If-None-Match", zipped.getHeader("ETag"))
        .send().await().statusCode()).isEqualTo(304);
    java.util.regex.Matcher preview = java.util.regex.Pattern.compile("data-background=\"(/preview/cover\\.[0-9a-f]{10}\\.jpg)\"").matcher(html);
    assertThat(preview.find()).as("the preview's background, at its own size").isTrue();
    HttpResponse<Buffer> background = site.app.client.get(preview.group(1)).send().await();
    assertThat(background.statusCode()).isEqualTo(200);
    assertThat(background.getHeader("Cache-Control")).contains("immutable");
    assertThat(background.body().length()).as("a fraction of the full background").isBetween(5_000, 60_000);

    HttpResponse<Buffer> again = site.app.client.get("/?lang=ja").putHeader("If-None-Match", ja.getHeader("ETag")).send().await();
    assertThat(again.statusCode()).isEqualTo(304);

    HttpResponse<Buffer> ar = site.app.client.get("/").putHeader("Accept-Language", "ar-EG,ar;q=0.9").send().await();
    assertThat(ar.bodyAsString()).contains("<html lang=\"ar\" dir=\"rtl\">").contains(tagline("ar"));
    assertThat(ar.getHeader("Vary")).contains("Accept-Language");
    assertThat(ar.getHeader("ETag")).as("each language its own ETag").isNotEqualTo(ja.getHeader("ETag"));
    HttpResponse<Buffer> stale = site.app.client.get("/").putHeader("Accept-Language", "ar")
        .putHeader("If-None-Match", ja.getHeader("ETag")).send().await();
    assertThat(stale.statusCode()).as("the Japanese ETag does not answer for the Arabic page").isEqualTo(200);
  }

  @Test
  void thePreviewDrawsTheNameAndTheTeamAsTheFanTypesInAnyScript() {
    try (Browser b = Browser.start("en", true)) {
      FanJourneyBrowserTest.open(b, site.base());
      assertThat(b.el("preview").isDisplayed()).isFalse();
      assertThat(coverRequested(b)).as("the cover's background waits for the fan").isFalse();

      b.el("name").sendKeys("Ana");
      b.waitFor("the background to be drawn", d -> coverRequested(b) && drawnWithBackground(b));
      assertThat(b.el("preview").isDisplayed()).isTrue();
      long empty = inkInNameBox(b, "");
      long ana = pixels(b);
      assertThat(inkInNameBox(b, "Ana")).as("the name is drawn in the name box").isGreaterThan(empty + 200);

      b.el("name").sendKeys(" Lucía");
      long longer = pixels(b);
      assertThat(longer).as("typing changes the preview").isNotEqualTo(ana);

      new Select(b.el("team")).selectByValue("aurora");
      b.waitFor("the crest to be drawn", d -> (Boolean) b.js("return "
          + "performance.getEntriesByType('resource').some((e) => e.name.endsWith('/campaign/crests/aurora.png'))"));
      b.waitFor("the team to change the pixels", d -> pixels(b) != longer);
      assertThat((String) b.js("return document.getElementById('preview-canvas').getAttribute('aria-label')"))
          .contains("Ana Lucía").contains("Aurora");

      for (String name : new String[] {"نورة الحربي", "山田 花子", "김민지"}) {
        assertThat(inkInNameBox(b, name)).as("the name " + name + " is drawn").isGreaterThan(empty + 200);
      }
      assertThat(b.js("return document.getElementById('preview-canvas').width")).isEqualTo(700L);
    }
  }

  private static boolean coverRequested(Browser b) {
    return (Boolean) b.js("return performance.getEntriesByType('resource').some((e) => e.name.includes('/preview/cover.'))");
  }

  /** Whether the canvas shows more than its flat fill: the cover's background has arrived and is drawn. */
  private static boolean drawnWithBackground(Browser b) {
    return (Boolean) b.js("const c = document.getElementById('preview-canvas'); const d = c.getContext('2d')"
        + ".getImageData(0, 0, c.width, 60).data; const first = d.slice(0, 3).join();"
        + "for (let i = 0; i < d.length; i += 4) if (d.slice(i, i + 3).join() !== first) return true; return false;");
  }

  /** A hash of every pixel of the preview once the page has drawn the current input. */
  private static long pixels(Browser b) {
    b.js("const n = document.getElementById('name'); n.dispatchEvent(new Event('input'));");
    b.waitFor("a frame", d -> (Boolean) b.js("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"));
    return ((Number) b.js("const c = document.getElementById('preview-canvas'); const d = c.getContext('2d')"
        + ".getImageData(0, 0, c.width, c.height).data; let h = 0;"
        + "for (let i = 0; i < d.length; i += 4) h = (Math.imul(h, 31) + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) | 0; return h;")).longValue();
  }

  /** Near-white pixels inside the cover's name box after the fan's name is set to {@code name}. */
  private static long inkInNameBox(Browser b, String name) {
    b.js("document.getElementById('name').value = arguments[0];", name);
    pixels(b);
    JsonObject box = campaign.getJsonObject("artwork").getJsonArray("templates").getJsonObject(0).getJsonObject("name");
    return ((Number) b.js("const c = document.getElementById('preview-canvas'); const d = c.getContext('2d')"
        + ".getImageData(arguments[0], arguments[1], arguments[2], arguments[3]).data; let n = 0;"
        + "for (let i = 0; i < d.length; i += 4) if (d[i] > 220 && d[i + 1] > 220 && d[i + 2] > 220) n++; return n;",
        box.getInteger("x") / 2, box.getInteger("y") / 2, box.getInteger("width") / 2, box.getInteger("height") / 2)).longValue();
  }
}
