package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.audio.TakeFixtures;
import chorus.db.Database;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The recorder with a fake microphone that plays a file: a sung take is placed on the backing track (offset and
 * method stored with it), shows its real length and gets the verdict "ok"; a silent one asks for a retake; a take
 * interrupted by a hidden tab keeps what was sung and lets go of the microphone; the tap-along calibration.
 */
class RecorderBrowserTest {
  static Site site;
  static Pool pool;
  static Path files;
  static Path sung;
  static Path silent;

  @BeforeAll
  static void start() throws IOException {
    Browser.requireChromium();
    site = Site.start();
    pool = Database.pool(site.vertx, site.app.config);
    files = Files.createTempDirectory("chorus-mic");
    sung = Files.write(files.resolve("sung.wav"), Wav.pcm(TakeFixtures.sung(20, 7), 48_000));
    silent = Files.write(files.resolve("silent.wav"), Wav.pcm(new float[48_000 * 20], 48_000));
  }

  @AfterAll
  static void stop() throws IOException {
    if (pool != null) pool.close().await();
    if (site != null) site.close();
    if (files == null) return;
    try (var list = Files.list(files)) {
      for (Path p : list.toList()) Files.delete(p);
    }
    Files.delete(files);
  }

  static String t(String key) {
    return FanJourneyBrowserTest.t("en", key);
  }

  /** Opens the page and keeps every microphone stream it gets in window.__streams (the page's behaviour is unchanged). */
  static void open(Browser b) {
    FanJourneyBrowserTest.open(b, site.base());
    b.js("const md = navigator.mediaDevices, real = md.getUserMedia.bind(md); window.__streams = [];"
        + "md.getUserMedia = async (c) => { const s = await real(c); window.__streams.push(s); return s; };");
  }

  static void startRecording(Browser b) {
    b.el("rec-start").click();
    b.waitFor("recording to start", d -> b.el("rec-stop").isDisplayed());
  }

  /** Records for about the given time (ms) with the fake microphone, then stops. */
  static void record(Browser b, long millis) throws InterruptedException {
    startRecording(b);
    Thread.sleep(millis);
    b.el("rec-stop").click();
  }

  static boolean micReleased(Browser b) {
    return (Boolean) b.js("return window.__streams.length > 0 && window.__streams.every(s => s.getTracks().every(t => t.readyState === 'ended'))");
  }

  /** The fan's newest take as the database holds it. */
  static Row take(Browser b) {
    String fan = (String) b.js("return localStorage.getItem('chorus.fanId')");
    JsonArray takes = site.app.client.get("/api/fan").putHeader("Authorization", "Bearer " + fan).send().await()
        .bodyAsJsonObject().getJsonArray("recordings");
    assertThat(takes).as("takes of this fan").isNotEmpty();
    UUID id = UUID.fromString(takes.getJsonObject(0).getString("recordingId"));
    return pool.preparedQuery("SELECT offset_ms, offset_method, duration_ms, status FROM recordings WHERE id = $1")
        .execute(Tuple.of(id)).await().iterator().next();
  }

  @Test
  void aSungTakeIsPlacedOnTheTrackShowsItsRealLengthAndIsJudgedOk() throws Exception {
    try (Browser b = Browser.start("en", true, sung)) {
      open(b);
      startRecording(b);
      double started = ((Number) b.js("return performance.now()")).doubleValue();
      // the lyrics follow the track played through Web Audio (the first line starts 8 s in)
      b.waitFor(Duration.ofSeconds(25), "the first lyric line to light up",
          d -> b.driver.findElements(By.cssSelector("#lyrics li.now[aria-current=true]")).size() == 1);
      double recordedMs = ((Number) b.js("return performance.now()")).doubleValue() - started;
      b.el("rec-stop").click();
      b.waitFor("the take to be ready", d -> b.el("review").isDisplayed());
      assertThat(b.el("rec-status").getText()).isEqualTo(t("takeReady"));
      assertThat(micReleased(b)).as("the microphone is released after the take").isTrue();
      // the player gets a WAV of the decoded take: its length is known, unlike the recorder's WebM
      b.waitFor("the take's length in the player", d -> (Boolean) b.js("return Number.isFinite(document.getElementById('take').duration)"));
      double playerSeconds = ((Number) b.js("return document.getElementById('take').duration")).doubleValue();
      String shown = b.el("take-length").getText();

      b.el("send").click();
      b.waitFor(Duration.ofSeconds(90), "the verdict", d -> {
        String v = b.el("send-status").getAttribute("data-verdict");
        return v != null && !v.equals("pending");
      });
      assertThat(b.el("send-status").getAttribute("data-verdict")).isEqualTo("ok");
      b.waitText("send-status", t("verdictOk"));
      assertThat(b.el("verdict-retake").isDisplayed()).isFalse();

      Row row = take(b);
      long durationMs = row.getInteger("duration_ms");
      assertThat(durationMs).as("a take of more than 8 s").isGreaterThan(8000);
      // recording began up to one poll before `started`, and stopped one click after `recordedMs`
      assertThat((double) durationMs).as("the take's length against the time it was recorded for").isBetween(recordedMs - 300, recordedMs + 1500);
      assertThat(playerSeconds * 1000).as("the player's length against the take's").isCloseTo(durationMs, org.assertj.core.data.Offset.offset(250.0));
      assertThat(shown).isEqualTo(String.format("%d:%02d", durationMs / 60000, durationMs / 1000 % 60));
      System.out.printf("sung take: recorded for about %.0f ms, %d ms in the database, %.3f s in the player, shown %s, offset %d ms (%s)%n",
          recordedMs, durationMs, playerSeconds, shown, row.getInteger("offset_ms"), row.getString("offset_method"));
      assertThat(row.getString("offset_method")).isEqualTo("web-audio");
      // the recorder starts first and the track 300 ms later: the take's first sample sits before the track's start,
      // by that lead plus the latencies the browser reports
      assertThat(row.getInteger("offset_ms")).as("offset on the track").isBetween(-900, -250);
    }
  }

  @Test
  void aSilentTakeAsksForARetake() throws Exception {
    try (Browser b = Browser.start("en", true, silent)) {
      open(b);
      record(b, 6000);
      b.waitText("rec-status", t("tooQuiet"));
      assertThat(b.el("rec-status").getAttribute("class")).contains("error");
      assertThat(b.el("review").isDisplayed()).as("nothing to send").isFalse();
      assertThat(b.el("rec-start").isDisplayed() && b.el("rec-start").isEnabled()).as("recording again is offered").isTrue();
      assertThat(micReleased(b)).isTrue();
    }
  }

  /** Makes the page believe its tab was hidden (as switching apps or locking the screen does), or shown again. */
  static void tabHidden(Browser b, boolean hidden) {
    b.js("window.__hidden = arguments[0];"
        + "if (!window.__visibility) { window.__visibility = true;"
        + "  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (window.__hidden ? 'hidden' : 'visible') });"
        + "  Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__hidden }); }"
        + "document.dispatchEvent(new Event('visibilitychange'));", hidden);
  }

  @Test
  void aTabHiddenMidTakeKeepsWhatWasSungOrSaysItWasTooShortAndReleasesTheMicrophone() throws Exception {
    try (Browser b = Browser.start("en", true, sung)) {
      open(b);
      startRecording(b);
      Thread.sleep(6500);
      tabHidden(b, true);
      b.waitText("rec-status", t("interruptedKept"));
      assertThat(micReleased(b)).as("every microphone track stopped").isTrue();
      assertThat(b.el("review").isDisplayed()).as("the take up to the interruption is kept").isTrue();
      tabHidden(b, false);
      b.el("send").click();
      b.waitFor(Duration.ofSeconds(30), "the kept take to be in", d -> b.el("send-status").getAttribute("data-verdict") != null);
      Row row = take(b);
      assertThat(row.getString("status")).isEqualTo("complete");
      assertThat((long) row.getInteger("duration_ms")).as("what was sung before the tab was hidden").isBetween(5500L, 9000L);

      // too little sung before the tab is hidden: nothing to keep, the fan is told, the microphone released
      b.el("redo").click();
      b.waitFor("recording to start again", d -> b.el("rec-stop").isDisplayed());
      Thread.sleep(1500);
      tabHidden(b, true);
      b.waitText("rec-status", t("interruptedLost"));
      assertThat(b.el("review").isDisplayed()).isFalse();
      assertThat(micReleased(b)).isTrue();
      assertThat((Long) b.js("return window.__streams.length")).isEqualTo(2L);
    }
  }

  @Test
  void aCallTakingTheMicrophoneMidTakeKeepsWhatWasSung() throws Exception {
    try (Browser b = Browser.start("en", true, sung)) {
      open(b);
      startRecording(b);
      Thread.sleep(6000);
      // what a phone does when a call comes in or the screen locks: the microphone track is muted
      b.js("window.__streams[0].getAudioTracks()[0].dispatchEvent(new Event('mute'))");
      b.waitText("rec-status", t("interruptedKept"));
      assertThat(b.el("review").isDisplayed()).isTrue();
      assertThat(micReleased(b)).as("every microphone track stopped").isTrue();
      assertThat(b.el("take-length").getText()).matches("0:0[5-9]");
    }
  }

  /**
   * A space-bar tap at each click's time plus the given delay (ms; null: no tap). The page takes a tap's moment
   * from the event's timeStamp (the browser's time of the key press), so each event carries its intended moment
   * and is dispatched at once: on a busy machine a timer can run late, a key press's timestamp does not.
   */
  static void tapAlong(Browser b, Integer... delays) {
    b.waitFor("the clicks to be scheduled", d -> (Boolean) b.js("return !!(Chorus.timing.calibration && Chorus.timing.calibration.clicks)"));
    b.js("const clicks = Chorus.timing.calibration.clicks; const delays = arguments[0];"
        + "class Tap extends KeyboardEvent { constructor(at) { super('keydown', { key: ' ', bubbles: true }); this.at = at; }"
        + "  get timeStamp() { return this.at; } }"
        + "delays.forEach((d, i) => { if (d !== null) document.dispatchEvent(new Tap(clicks[i] + d)); });", Arrays.asList(delays));
  }

  @Test
  void calibrationRejectsUnevenTapsThenSavesTheLatencyWhichLaterTakesUse() throws Exception {
    try (Browser b = Browser.start("en", true)) {
      open(b);
      b.driver.findElement(By.cssSelector("#calib summary")).click();
      b.el("calib-start").click();
      tapAlong(b, 0, 60, 120, 180);
      b.waitFor(Duration.ofSeconds(30), "the uneven taps to be refused", d -> t("calibrateUneven").equals(b.el("calib-status").getText()));
      assertThat(b.js("return localStorage.getItem('chorus.latencyMs')")).as("nothing saved").isNull();

      b.el("calib-start").click();
      tapAlong(b, 40, null, 42, 38); // three taps are enough
      b.waitFor(Duration.ofSeconds(30), "the latency to be saved", d -> b.el("calib-status").getText().startsWith("Timing saved"));
      long saved = Long.parseLong((String) b.js("return localStorage.getItem('chorus.latencyMs')"));
      assertThat(saved).as("the mean of 40, 42 and 38 ms").isEqualTo(40L);
      assertThat(b.el("calib-status").getText()).isEqualTo(t("calibrateSaved").replace("{ms}", Long.toString(saved)));

      // the next take says its offset was calibrated
      b.js("window.__creates = []; const real = window.fetch; window.fetch = (url, init) => {"
          + " if (String(url).endsWith('/api/fan/recordings') && init && init.method === 'POST') window.__creates.push(JSON.parse(init.body));"
          + " return real(url, init); };");
      record(b, 5600);
      b.waitFor("the take to be ready", d -> b.el("review").isDisplayed());
      b.el("send").click();
      b.waitFor(Duration.ofSeconds(30), "the take to be in", d -> b.el("send-status").getAttribute("data-verdict") != null);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> creates = (List<Map<String, Object>>) b.js("return window.__creates");
      assertThat(creates).isNotEmpty();
      assertThat(creates.get(0)).containsEntry("offsetMethod", "calibrated");
      Row row = take(b);
      assertThat(row.getString("offset_method")).isEqualTo("calibrated");
      assertThat(row.getInteger("offset_ms")).isEqualTo(((Number) creates.get(0).get("offsetMs")).intValue());
    }
  }
}
