package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;

/** First visit: weight before the audio, requests to this site only, no script errors, keyboard order. */
class PageQualityBrowserTest {
  static final long BUDGET_BYTES = 200_000;
  static Site site;
  static String base;

  @BeforeAll
  static void start() {
    Browser.requireChromium();
    site = Site.start();
    base = site.base().substring(0, site.base().length() - 1);
  }

  @AfterAll
  static void stop() {
    if (site != null) site.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void firstVisitIsLightAndTalksToThisSiteOnly() {
    try (Browser b = Browser.start("en", true)) {
      FanJourneyBrowserTest.open(b, site.base());
      new org.openqa.selenium.support.ui.Select(b.el("team")).selectByValue("aurora");
      b.waitFor("the crest", d -> (Long) b.js("return document.getElementById('crest').naturalWidth") > 1 /* not the 1x1 placeholder */);
      List<Map<String, Object>> entries = (List<Map<String, Object>>) b.js(
          "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
              + ".map(e => ({name: e.name, type: e.initiatorType, encoded: e.encodedBodySize, decoded: e.decodedBodySize}))");
      long encoded = 0;
      long decoded = 0;
      StringBuilder table = new StringBuilder();
      for (Map<String, Object> e : entries) {
        String name = (String) e.get("name");
        assertThat(name).as("every request goes to this site").startsWith(base + "/");
        assertThat(name).as("the backing track waits for the fan's tap").doesNotEndWith(".mp3");
        encoded += ((Number) e.get("encoded")).longValue();
        decoded += ((Number) e.get("decoded")).longValue();
        table.append(String.format("  %8d %8d  %s%n", ((Number) e.get("encoded")).longValue(), ((Number) e.get("decoded")).longValue(),
            name.substring(base.length())));
      }
      System.out.printf("page weight before the audio: %d bytes on the wire (%d uncompressed), %d requests%n%s",
          encoded, decoded, entries.size(), table);
      assertThat(entries.size()).isGreaterThan(8);
      assertThat(encoded).as("bytes on the wire before the audio").isPositive().isLessThan(BUDGET_BYTES);
      assertThat(b.driver.manage().logs().get(LogType.BROWSER).getAll().stream()
          .filter(l -> l.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()).map(Object::toString))
          .as("script errors or failed requests").isEmpty();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void keyboardReachesSkipLinkLanguageLyricsAndRecordingInOrder() {
    try (Browser b = Browser.start("en", true)) {
      FanJourneyBrowserTest.open(b, site.base());
      WebElement body = b.driver.findElement(org.openqa.selenium.By.tagName("body"));
      body.sendKeys(Keys.TAB);
      assertThat(b.js("return document.activeElement.className")).isEqualTo("skip");
      b.driver.switchTo().activeElement().sendKeys(Keys.TAB);
      assertThat(b.js("return document.activeElement.id")).isEqualTo("lang-select");
      b.driver.switchTo().activeElement().sendKeys(Keys.TAB);
      assertThat(b.js("return document.activeElement.id")).as("the lyrics box scrolls with the keyboard").isEqualTo("lyrics");
      b.driver.switchTo().activeElement().sendKeys(Keys.TAB);
      assertThat(b.js("return document.activeElement.id")).isEqualTo("rec-start");
      // every control has a name a screen reader can say
      assertThat((List<?>) b.js("return Array.from(document.querySelectorAll('input, select, button'))"
          + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())"
          + ".map(e => e.id)")).isEmpty();
      assertThat((List<Object>) b.js("return Array.from(document.querySelectorAll('[role=status], [role=alert]')).map(e => e.id)"))
          .contains("rec-status", "send-status", "join-status", "art-status");
    }
  }

  @Test
  void pageErrorsOfASampledFanAreReportedAndCountedAtMostThreePerView() throws Exception {
    try (Browser b = Browser.start("en", true)) {
      FanJourneyBrowserTest.open(b, site.base());
      // a fan whose id starts with 0-7 is in the reporting half; 8-f is not
      b.js("localStorage.setItem('chorus.fanId', '8aaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')");
      FanJourneyBrowserTest.open(b, site.base());
      double errors = clientErrors("error");
      double resources = clientErrors("resource");
      b.js("setTimeout(() => { throw new Error('not sampled'); }, 0)");
      Thread.sleep(1_000);
      assertThat(clientErrors("error")).as("a fan outside the sample sends nothing").isEqualTo(errors);

      b.js("localStorage.setItem('chorus.fanId', '0aaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')");
      FanJourneyBrowserTest.open(b, site.base());
      b.js("setTimeout(() => { throw new TypeError('boom'); }, 0); setTimeout(() => { throw new TypeError('boom'); }, 0);");
      b.waitFor("the script error to be counted", d -> clientErrors("error") >= errors + 1);
      b.js("for (let i = 0; i < 3; i++) { const img = document.createElement('img'); img.src = '/media/nothing-' + i + '.jpg';"
          + " document.body.appendChild(img); }");
      b.waitFor("two asset failures to be counted", d -> clientErrors("resource") >= resources + 2);
      Thread.sleep(1_000);
      assertThat(clientErrors("error")).as("the same error twice is one report").isEqualTo(errors + 1);
      assertThat(clientErrors("resource")).as("at most three reports per page view").isEqualTo(resources + 2);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void onlyAnUnknownOrErasedFanIdIsReplacedNotOneWhoseUploadExpired() {
    try (Browser b = Browser.start("en", true)) {
      FanJourneyBrowserTest.open(b, site.base());
      // the page's API client against answers the server gives: 410 for an expired upload, 410 for an erased fan
      Map<String, Object> r = (Map<String, Object>) b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
          + "const C = window.Chorus; const real = window.fetch; const before = C.fanId(); const out = {before};"
          + "const answer = (status, type) => Promise.resolve(new Response(JSON.stringify({type: 'https://x/problems/' + type, status}),"
          + "  {status, headers: {'Content-Type': 'application/problem+json'}}));"
          + "window.fetch = () => answer(410, 'upload-expired');"
          + "C.api('POST', '/api/fan/recordings/x/complete', {}).catch(e => { out.expiredStatus = e.status; out.afterExpired = C.fanId(); })"
          + ".then(() => { let n = 0; window.fetch = () => (n++ === 0 ? answer(410, 'fan-erased') : Promise.resolve(new Response('{}',"
          + "  {status: 200, headers: {'Content-Type': 'application/json'}}))); return C.api('GET', '/api/fan'); })"
          + ".then(() => { out.afterErased = C.fanId(); window.fetch = real; done(out); }, e => { window.fetch = real; done({error: String(e)}); });");
      assertThat(r).doesNotContainKey("error");
      assertThat(((Number) r.get("expiredStatus")).intValue()).isEqualTo(410);
      assertThat(r.get("afterExpired")).as("an expired upload keeps the fan's id").isEqualTo(r.get("before"));
      assertThat(r.get("afterErased")).as("an erased fan gets a new id").isNotEqualTo(r.get("before"));
    }
  }

  private static double clientErrors(String kind) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^chorus_client_errors_total\\{kind=\"" + kind + "\"[^}]*\\} ([0-9.]+)")
        .matcher(site.app.metrics().bodyAsString());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
