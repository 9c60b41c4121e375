package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sending a take from the page, with the network or the API answer bent in the page itself: an answer to the
 * create call lost on the way back (the repeated create makes one take, under the same take id), and a verdict
 * that asks for a retake.
 */
class TakeSendingBrowserTest {
  static Site site;
  static Path files;

  @BeforeAll
  static void start() throws IOException {
    Browser.requireChromium();
    site = Site.start();
    files = Files.createTempDirectory("chorus-send");
  }

  @AfterAll
  static void stop() throws IOException {
    if (site != null) site.close();
    if (files == null) return;
    try (var list = Files.list(files)) {
      for (Path p : list.toList()) Files.delete(p);
    }
    Files.delete(files);
  }

  static String t(String key) throws IOException {
    return new JsonObject(Files.readString(Path.of("webroot/i18n/en.json"))).getString(key);
  }

  /** The page, microphone blocked, with a 6 s take chosen in the file input and ready to send. */
  static void takeReady(Browser b) throws IOException {
    takeReady(b, site.base(), files);
  }

  /** The same on the site at {@code base}, the take's file written under {@code files}. */
  static void takeReady(Browser b, String base, Path files) throws IOException {
    b.driver.get(base);
    b.waitFor("the page to load", d -> "true".equals(b.js("return document.body.dataset.ready || ''")));
    b.el("rec-start").click();
    b.waitFor("the file input", d -> b.el("fallback").isDisplayed());
    Path wav = Files.createTempFile(files, "take", ".wav");
    Files.write(wav, Wav.sine(6.0, 440, 0.3));
    b.el("file-input").sendKeys(wav.toString());
    b.waitFor("the take to be ready", d -> b.el("review").isDisplayed());
  }

  static JsonArray takes(Browser b) {
    String id = (String) b.js("return localStorage.getItem('chorus.fanId')");
    HttpResponse<Buffer> r = site.app.client.get("/api/fan").putHeader("Authorization", "Bearer " + id).send().await();
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("recordings");
  }

  @Test
  void aLostAnswerToCreateIsRepeatedAndMakesOneTake() throws IOException {
    try (Browser b = Browser.start("en", false)) {
      takeReady(b);
      // the first create reaches the server, its answer never reaches the page (a phone losing the network)
      b.js("window.__creates = []; const real = window.fetch;"
          + "window.fetch = async (url, init) => {"
          + "  if (String(url).endsWith('/api/fan/recordings') && init && init.method === 'POST') {"
          + "    window.__creates.push(JSON.parse(init.body));"
          + "    const res = await real(url, init);"
          + "    if (window.__creates.length === 1) throw new TypeError('Failed to fetch');"
          + "    return res;"
          + "  }"
          + "  return real(url, init); };");
      b.el("send").click();
      b.waitFor(Duration.ofSeconds(30), "the take to be in", d -> {
        try {
          return t("uploadDone").equals(b.el("send-status").getText()) || b.el("send-status").getAttribute("data-verdict") != null;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      @SuppressWarnings("unchecked")
      List<java.util.Map<String, Object>> creates = (List<java.util.Map<String, Object>>) b.js("return window.__creates");
      assertThat(creates).as("the create call, repeated after the lost answer").hasSize(2);
      assertThat(creates.get(0).get("takeId")).isNotNull().isEqualTo(creates.get(1).get("takeId"));
      assertThat(creates.get(0)).containsEntry("offsetMs", 0L).containsEntry("offsetMethod", "none");
      JsonArray takes = takes(b);
      assertThat(takes).as("one take, not two").hasSize(1);
      assertThat(takes.getJsonObject(0).getString("status")).isEqualTo("complete");
    }
  }

  @Test
  void aVerdictThatAsksForARetakeOffersOne() throws IOException {
    try (Browser b = Browser.start("en", false)) {
      takeReady(b);
      // the pipeline's verdict on this sine would be its own; the page is told "bleed" to show what follows
      b.js("const real = window.fetch;"
          + "window.fetch = async (url, init) => {"
          + "  const res = await real(url, init);"
          + "  if (!String(url).endsWith('/api/fan') || (init && init.method && init.method !== 'GET')) return res;"
          + "  const body = await res.json();"
          + "  (body.recordings || []).forEach((r) => { r.verdict = 'bleed'; });"
          + "  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } }); };");
      b.el("send").click();
      b.waitFor(Duration.ofSeconds(30), "the verdict", d -> "bleed".equals(b.el("send-status").getAttribute("data-verdict")));
      b.waitText("send-status", t("verdictBleed"));
      assertThat(b.el("send-status").getAttribute("class")).contains("error");
      assertThat(b.el("verdict-retake").isDisplayed()).isTrue();
      b.el("verdict-retake").click();
      // a retake starts recording again (blocked here: the page says so and offers the file again)
      b.waitText("rec-status", t("micDenied"));
      assertThat(b.el("send-status").getAttribute("data-verdict")).as("the old verdict is gone").isNull();
      assertThat(b.el("verdict-retake").isDisplayed()).isFalse();
    }
  }
}
