package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.ShippedLimits;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In the real browser: a fan who records again and again on the shipped limits is never locked out, and a fan
 * who does hit a limit is told so (and when the take goes again) in their language, not "connection lost".
 */
class ShippedLimitsBrowserTest {
  static Site site;
  static Path files;

  @BeforeAll
  static void start() throws IOException {
    Browser.requireChromium();
    site = Site.start();
    files = Files.createTempDirectory("chorus-takes");
  }

  @AfterAll
  static void stop() {
    if (site != null) site.close();
  }

  static String t(String lang, String key) {
    return FanJourneyBrowserTest.t(lang, key);
  }

  static void pick(Browser b, double seconds) throws IOException {
    Path wav = Files.createTempFile(files, "take", ".wav");
    Files.write(wav, Wav.sine(seconds, 440, 0.3));
    b.el("file-input").sendKeys(wav.toString());
    b.waitFor("the take to be ready to send", d -> b.el("review").isDisplayed() && b.el("send").isDisplayed());
  }

  static JsonArray takes(Site on, Browser b) {
    String id = (String) b.js("return localStorage.getItem('chorus.fanId')");
    HttpResponse<Buffer> r = on.app.client.get("/api/fan").putHeader("Authorization", "Bearer " + id).send().await();
    return r.bodyAsJsonObject().getJsonArray("recordings");
  }

  @Test
  void aFanSendsFiveTakesInARowOnTheShippedLimits() throws IOException {
    try (Browser b = Browser.start("en", false)) {
      b.driver.get(site.base());
      b.waitFor("the page", d -> b.el("rec-start").isDisplayed());
      b.el("rec-start").click();
      b.waitFor("the file input", d -> b.el("fallback").isDisplayed());
      long start = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        pick(b, 5.5 + i * 0.3);
        b.el("send").click();
        int take = i;
        b.waitFor(Duration.ofSeconds(30), "take " + take + " to be in", d -> t("en", "uploadDone").equals(b.el("send-status").getText()));
      }
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(120);
      JsonArray takes = takes(site, b);
      assertThat(takes).as("the fan keeps the newest three").hasSize(3);
      takes.forEach(t -> assertThat(((JsonObject) t).getString("status")).isEqualTo("complete"));
    }
  }

  @Test
  void aFanWhoHitsALimitIsToldWhatHappenedAndWhenInTheirLanguage() throws IOException {
    // the shipped policies with a per-fan take budget of one, to reach it in a test
    Site tight = Site.start(Map.of("ratelimit.file", ShippedLimits.file(p -> p.getJsonObject("policies").getJsonObject("upload")
        .getJsonArray("limits").stream().map(JsonObject.class::cast).filter(l -> "fan".equals(l.getString("key")))
        .forEach(l -> l.put("rate", 1).put("burst", 1).put("period", "1h")))));
    try (Browser b = Browser.start("de", false)) {
      b.driver.get(tight.base());
      b.waitFor("the page", d -> b.el("rec-start").isDisplayed());
      b.el("rec-start").click();
      b.waitFor("the file input", d -> b.el("fallback").isDisplayed());
      pick(b, 5.5);
      b.el("send").click();
      b.waitFor(Duration.ofSeconds(30), "the first take to be in", d -> t("de", "uploadDone").equals(b.el("send-status").getText()));
      pick(b, 6.0);
      b.el("send").click();
      b.waitFor(Duration.ofSeconds(20), "the limit notice", d -> b.el("send-status").getText().startsWith(
          t("de", "limitedRetry").substring(0, t("de", "limitedRetry").indexOf('{'))));
      String shown = b.el("send-status").getText();
      assertThat(shown).as("the wait comes from Retry-After (capped at a minute)").isEqualTo(t("de", "limitedRetry").replace("{seconds}", "60"));
      assertThat(shown).doesNotContain(t("de", "uploadRetry").substring(0, 8));
    } finally {
      tight.close();
    }
  }
}
