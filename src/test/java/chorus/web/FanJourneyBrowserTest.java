package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.FanClient;
import chorus.support.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The fan website in a real headless Chromium against the real app (embedded PostgreSQL and Redis, local
 * storage so uploads stay on this origin): the whole journey in English, Arabic (right to left) and Japanese,
 * the file path when the microphone is blocked, and an API error shown next to its field.
 */
class FanJourneyBrowserTest {
  static Site site;
  static TestApp app;
  static String base;
  static Path files;

  @BeforeAll
  static void start() throws IOException {
    Browser.requireChromium();
    site = Site.start();
    app = site.app;
    base = site.base();
    files = Files.createTempDirectory("chorus-takes");
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

  static String t(String lang, String key) {
    try {
      return new JsonObject(Files.readString(Path.of("webroot/i18n/" + lang + ".json"))).getString(key);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static JsonObject campaign(String lang) {
    return app.client.get("/api/campaign?lang=" + lang).send().await().bodyAsJsonObject();
  }

  static boolean artworkEndpointExists() throws IOException {
    return Files.readString(Path.of("src/main/resources/openapi.yaml")).contains("/api/fan/artwork:");
  }

  static void open(Browser b, String base) {
    b.driver.get(base);
    waitReady(b);
  }

  static void waitReady(Browser b) {
    b.waitFor("the page to load its texts and the campaign", d -> "true".equals(b.js("return document.body.dataset.ready || ''")));
  }

  static JsonObject fan(Browser b) {
    String id = (String) b.js("return localStorage.getItem('chorus.fanId')");
    assertThat(id).as("fan id kept in localStorage").matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    HttpResponse<Buffer> r = app.client.get("/api/fan").putHeader("Authorization", "Bearer " + id).send().await();
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  void wholeJourneyInEnglish() throws IOException {
    try (Browser b = Browser.start("en-GB,en;q=0.8", true)) {
      open(b, base);
      journey(b, "en", "Alex Martin", "aurora", "ltr");
      screenshots(b, "en");
    }
  }

  @Test
  void wholeJourneyInArabicLaidOutRightToLeft() throws IOException {
    try (Browser b = Browser.start("ar", true)) {
      open(b, base);
      assertThat(b.el("lang-select").getAttribute("value")).isEqualTo("ar");
      long brandX = b.el("artist").getRect().getX();
      long switcherX = b.el("lang-select").getRect().getX();
      assertThat(brandX).as("right to left: the artist's name sits right of the language switcher").isGreaterThan(switcherX);
      journey(b, "ar", "ليلى حسن", "falcon", "rtl");
      screenshots(b, "ar");
    }
  }

  @Test
  void wholeJourneyInJapaneseChosenWithTheSwitcherAndKept() throws IOException {
    try (Browser b = Browser.start("en", true)) {
      open(b, base);
      assertThat(b.js("return document.documentElement.lang")).isEqualTo("en");
      new Select(b.el("lang-select")).selectByValue("ja");
      b.waitText("sing-h", t("ja", "stepSing"));
      b.waitText("title", campaign("ja").getJsonObject("texts").getString("title"));
      b.driver.navigate().refresh();
      waitReady(b);
      assertThat(b.js("return document.documentElement.lang")).as("the choice is kept").isEqualTo("ja");
      journey(b, "ja", "さくら", "owl", "ltr");
      screenshots(b, "ja");
    }
  }

  /** Record with the fake microphone, listen, send, subscribe, get the artwork (or the graceful message). */
  static void journey(Browser b, String lang, String name, String team, String dir) throws IOException {
    JsonObject c = campaign(lang);
    assertThat(b.js("return document.documentElement.lang")).isEqualTo(lang);
    assertThat(b.js("return document.documentElement.dir")).isEqualTo(dir);
    assertThat(b.el("title").getText()).isEqualTo(c.getJsonObject("texts").getString("title"));
    assertThat(b.driver.getTitle()).isEqualTo(c.getJsonObject("texts").getString("title"));
    assertThat(b.el("sing-h").getText()).isEqualTo(t(lang, "stepSing"));
    assertThat(b.driver.findElements(By.cssSelector("#lyrics li"))).hasSize(c.getJsonArray("lyrics").size());

    // the first line that lights up, caught by the page itself (a busy machine may poll after it has passed)
    b.js("window.__firstLit = null; new MutationObserver((m, o) => { const li = document.querySelector('#lyrics li.now');"
        + " if (li) { window.__firstLit = li.textContent; o.disconnect(); } })"
        + ".observe(document.getElementById('lyrics'), { subtree: true, attributes: true, attributeFilter: ['class'] });");
    b.el("rec-start").click();
    b.waitFor("recording to start", d -> b.el("rec-stop").isDisplayed());
    b.waitText("rec-status", t(lang, "recordingNow"));
    b.waitFor("the level meter to move", d -> meter(b) > 0.02);
    b.waitFor(Duration.ofSeconds(25), "a lyric line to light up with the track", d -> b.js("return window.__firstLit") != null);
    assertThat(b.js("return window.__firstLit")).isEqualTo(c.getJsonArray("lyrics").getJsonObject(0).getString("text"));
    assertThat(b.driver.findElements(By.cssSelector("#lyrics li.now[aria-current=true]"))).as("one line lit at a time").hasSizeLessThanOrEqualTo(1);
    b.el("rec-stop").click();
    b.waitFor("the take to be ready for listening", d -> b.el("review").isDisplayed());
    assertThat(b.el("rec-status").getText()).isEqualTo(t(lang, "takeReady"));
    assertThat(b.el("take").getAttribute("src")).startsWith("blob:");

    b.el("send").click();
    b.waitFor(Duration.ofSeconds(30), "the take to be in", d -> t(lang, "uploadDone").equals(b.el("send-status").getText()));
    assertThat(b.el("upload-progress").getAttribute("value")).isEqualTo("100");
    JsonArray takes = fan(b).getJsonArray("recordings");
    assertThat(takes).hasSize(1);
    assertThat(takes.getJsonObject(0).getString("status")).isEqualTo("complete");
    assertThat(takes.getJsonObject(0).getLong("durationMs")).isGreaterThanOrEqualTo(5000L);
    assertThat(b.driver.manage().getCookies()).as("no cookies").isEmpty();
    verdictShown(b, lang);

    String email = "fan-" + UUID.randomUUID() + "@example.com";
    b.el("email").sendKeys(email);
    b.el("name").sendKeys(name);
    new Select(b.el("team")).selectByValue(team);
    b.waitFor("the team's crest", d -> b.el("crest").isDisplayed());
    b.el("newsletter").click();
    b.el("contest").click();
    b.el("join-submit").click();
    b.waitFor("the subscription", d -> t(lang, "joined").equals(b.el("join-status").getText()));
    JsonObject sub = fan(b).getJsonObject("subscription");
    assertThat(sub.getString("email")).isEqualTo(email);
    assertThat(sub.getString("name")).isEqualTo(name);
    assertThat(sub.getString("team")).isEqualTo(team);
    assertThat(sub.getString("lang")).isEqualTo(lang);
    assertThat(sub.getBoolean("newsletter")).isTrue();

    b.waitFor("the artwork section", d -> b.el("art").isDisplayed());
    if (artworkEndpointExists()) {
      artworkAppearsAndShares(b, lang);
    } else {
      // POST /api/fan/artwork is not in the app yet: the fan is told, in their language, and can try again
      b.waitText("art-status", t(lang, "artUnavailable"));
      assertThat(b.el("art-retry").isDisplayed()).isTrue();
      b.el("art-retry").click();
      b.waitText("art-status", t(lang, "artUnavailable"));
      assertThat(b.el("art-result").isDisplayed()).isFalse();
    }
  }

  static final Map<String, String> VERDICT_KEYS = Map.of("ok", "verdictOk", "silent", "verdictSilent", "too_quiet", "verdictTooQuiet",
      "clipped", "verdictClipped", "too_short", "verdictTooShort", "bleed", "verdictBleed", "undecodable", "verdictUndecodable");

  /** The audio pipeline's verdict on the sent take reaches the take's status line, in the fan's language. */
  static void verdictShown(Browser b, String lang) {
    String verdict = b.waitFor(Duration.ofSeconds(90), "the take's verdict on #send-status", d -> {
      String v = b.el("send-status").getAttribute("data-verdict");
      return v != null && !v.isEmpty() && !v.equals("pending") ? v : null;
    });
    assertThat(VERDICT_KEYS).containsKey(verdict);
    assertThat(fan(b).getJsonArray("recordings").getJsonObject(0).getString("verdict")).as("the verdict the API holds").isEqualTo(verdict);
    b.waitText("send-status", t(lang, VERDICT_KEYS.get(verdict)));
    assertThat(b.el("verdict-retake").isDisplayed()).as("a retake offered for " + verdict)
        .isEqualTo(List.of("silent", "too_quiet", "clipped", "bleed").contains(verdict));
  }

  static void artworkAppearsAndShares(Browser b, String lang) {
    b.waitFor(Duration.ofSeconds(60), "the artwork", d -> t(lang, "artReady").equals(b.el("art-status").getText()));
    b.waitFor("the artwork image to load", d -> ((Long) b.js("return document.getElementById('art-img').naturalWidth")) > 1 /* not the 1x1 placeholder */);
    assertThat(b.driver.findElements(By.cssSelector("#art-downloads a[download]"))).hasSize(4);
    String shareUrl = b.el("share-link").getAttribute("value");
    assertThat(shareUrl).startsWith(base);
    HttpResponse<Buffer> page = app.client.getAbs(shareUrl).send().await();
    assertThat(page.statusCode()).as("the share page").isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    String encoded = java.net.URLEncoder.encode(shareUrl, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(b.el("share-fb").getAttribute("href")).contains(encoded);
    assertThat(b.el("share-x").getAttribute("href")).contains(encoded);
    b.el("copy-link").click();
    b.waitFor("the copy confirmation", d -> List.of(t(lang, "copied"), t(lang, "copyManual")).contains(b.el("copy-status").getText()));
  }

  static double meter(Browser b) {
    String transform = (String) b.js("return document.getElementById('meter-bar').style.transform");
    return transform == null || !transform.startsWith("scaleX(") ? 0 : Double.parseDouble(transform.substring(7, transform.length() - 1));
  }

  /** Full-page PNGs at 320 px (a small phone) and desktop width under target/screenshots; no sideways scrolling. */
  static void screenshots(Browser b, String lang) throws IOException {
    for (int width : new int[] {320, 1280}) {
      Path png = b.screenshot(lang + "-" + width, width, width < 600);
      assertThat(Files.size(png)).isGreaterThan(10_000);
      b.viewport(width, 800, width < 600);
      assertThat((Long) b.js("return document.documentElement.scrollWidth")).as("page width at " + width + " px").isLessThanOrEqualTo(width);
    }
  }

  @Test
  void blockedMicrophoneLeadsToTheFilePathWhichWorks() throws IOException {
    try (Browser b = Browser.start("en", false)) {
      open(b, base);
      b.el("rec-start").click();
      b.waitText("rec-status", t("en", "micDenied"));
      assertThat(b.el("file-input").getAttribute("accept")).isEqualTo("audio/*");
      chooseFile(b, 6.0);
      assertThat(b.el("rec-status").getText()).isEqualTo(t("en", "takeReady"));
      b.el("send").click();
      b.waitFor(Duration.ofSeconds(30), "the file to be in", d -> t("en", "uploadDone").equals(b.el("send-status").getText()));
      JsonArray takes = fan(b).getJsonArray("recordings");
      assertThat(takes).hasSize(1);
      assertThat(takes.getJsonObject(0).getString("status")).isEqualTo("complete");
      assertThat(takes.getJsonObject(0).getLong("durationMs")).isBetween(5900L, 6100L);
    }
  }

  @Test
  void takesTooShortOrTooQuietAreExplainedInTheFansLanguage() throws IOException {
    try (Browser b = Browser.start("de", false)) {
      open(b, base);
      b.el("rec-start").click();
      b.waitFor("the file input", d -> b.el("fallback").isDisplayed());
      pick(b, Wav.sine(2.0, 440, 0.3));
      b.waitText("rec-status", t("de", "tooShort").replace("{min}", "5"));
      assertThat(b.el("review").isDisplayed()).isFalse();
      pick(b, Wav.sine(6.0, 440, 0.001));
      b.waitText("rec-status", t("de", "tooQuiet"));
      assertThat(b.el("review").isDisplayed()).isFalse();
      pick(b, Wav.sine(80.0, 440, 0.3));
      b.waitText("rec-status", t("de", "tooLong").replace("{max}", "75"));
      assertThat(b.el("review").isDisplayed()).isFalse();
    }
  }

  /** Picks a WAV of the given length in the file input (shown when recording is impossible). */
  static void chooseFile(Browser b, double seconds) throws IOException {
    b.waitFor("the file input", d -> b.el("fallback").isDisplayed());
    pick(b, Wav.sine(seconds, 440, 0.3));
    b.waitFor("the chosen file to be ready for listening", d -> b.el("review").isDisplayed());
  }

  /** Puts the audio in the file input; the file stays until all tests are done (the page may read it late). */
  static void pick(Browser b, byte[] audio) throws IOException {
    Path wav = Files.createTempFile(files, "take", ".wav");
    Files.write(wav, audio);
    b.el("file-input").sendKeys(wav.toString());
  }

  @Test
  void aTakeSentWhileTheNetworkIsDownGoesThroughWhenItReturns() throws IOException {
    try (Browser b = Browser.start("fr", false)) {
      open(b, base);
      b.el("rec-start").click();
      chooseFile(b, 5.5);
      b.offline(true);
      b.el("send").click();
      b.waitFor("the retry notice", d -> b.el("send-status").getText().equals(t("fr", "uploadRetry").replace("{seconds}", "2")));
      b.offline(false);
      b.waitFor(Duration.ofSeconds(40), "the take to be in after the network returns",
          d -> t("fr", "uploadDone").equals(b.el("send-status").getText()));
      assertThat(fan(b).getJsonArray("recordings").getJsonObject(0).getString("status")).isEqualTo("complete");
    }
  }

  @Test
  void problemsAreExplainedNextToTheField() {
    String email = "taken-" + UUID.randomUUID() + "@example.com";
    FanClient other = new FanClient(app.client);
    assertThat(other.post("/api/fan/subscription", FanClient.subscription(email, "Someone Else")).statusCode()).isEqualTo(201);
    try (Browser b = Browser.start("en", true)) {
      open(b, base);
      b.el("email").sendKeys("not an email");
      b.el("name").click();
      b.waitText("email-err", t("en", "errEmail"));
      b.el("join-submit").click();
      b.waitText("join-summary", t("en", "fixErrors"));
      assertThat(b.el("name-err").getText()).isEqualTo(t("en", "errName").replace("{max}", "64"));
      assertThat(b.el("team-err").getText()).isEqualTo(t("en", "errTeam"));
      assertThat(b.js("return document.activeElement.id")).as("focus goes to the first wrong field").isEqualTo("email");

      b.el("email").clear();
      b.el("email").sendKeys(email);
      b.el("name").sendKeys("Sam");
      new Select(b.el("team")).selectByValue("aurora");
      b.el("join-submit").click();
      // an address another fan claimed is accepted like any other (the mailbox decides by confirming; issue 10)
      b.waitText("join-status", t("en", "joined"));
      assertThat(b.el("email").getAttribute("aria-invalid")).isNull();
      assertThat(b.el("name").getAttribute("aria-invalid")).isNull();
    }
  }
}
