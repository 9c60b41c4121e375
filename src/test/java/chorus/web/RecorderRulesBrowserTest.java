package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recorder's decisions about the fan's browser ({@code recorder-rules.js}, {@code window.Chorus.recorder}),
 * run in Chromium over real user agents; an in-app browser's page; and the real microphone track with the
 * browser's voice processing off.
 */
class RecorderRulesBrowserTest {
  static Site site;

  /** user agent, the type chosen when the browser claims every type, the in-app verdict ("" for a real browser). */
  record Agent(String what, String ua, String format, String inApp) {}

  static final String WEBM = "audio/webm;codecs=opus";
  static final String MP4 = "audio/mp4";
  static final List<Agent> AGENTS = List.of(
      new Agent("iPhone Safari", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Version/17.5 Mobile/15E148 Safari/604.1", MP4, ""),
      new Agent("iPad Safari", "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Version/16.6 Mobile/15E148 Safari/604.1", MP4, ""),
      new Agent("macOS Safari (and iPad asking for desktop sites)", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
          + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15", MP4, ""),
      new Agent("Chrome on iPhone (WebKit underneath)", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
          + "(KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1", MP4, ""),
      new Agent("Chrome Android", "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
          + "Mobile Safari/537.36", WEBM, ""),
      new Agent("Samsung Internet", "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", WEBM, ""),
      new Agent("Firefox Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0", WEBM, ""),
      new Agent("Firefox macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0", WEBM, ""),
      new Agent("Edge", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 "
          + "Safari/537.36 Edg/126.0.2592.56", WEBM, ""),
      new Agent("desktop Chrome Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          + "Chrome/126.0.0.0 Safari/537.36", WEBM, ""),
      new Agent("desktop Chrome macOS (AppleWebKit in its name, not WebKit)", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
          + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", WEBM, ""),
      new Agent("Instagram on iOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Mobile/15E148 Instagram 337.0.3.23.54 (iPhone15,3; iOS 17_5; en_US; en; scale=3.00; 1290x2796; 614233018)", MP4, "instagram"),
      new Agent("Instagram on Android", "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240605.024; wv) AppleWebKit/537.36 "
          + "(KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36 Instagram 337.0.0.35.102 Android (34/14; "
          + "420dpi; 1080x2400; Google/google; Pixel 8; shiba; shiba; en_US; 614215093)", WEBM, "instagram"),
      new Agent("Facebook on iOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.51.109;FBBV/617166297;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;"
          + "FBID/phone;FBLC/en_US;FBOP/5;FBRV/619012137]", MP4, "facebook"),
      new Agent("Facebook on Android", "Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
          + "(KHTML, like Gecko) Version/4.0 Chrome/125.0.6422.165 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/468.0.0.55.105;]", WEBM, "facebook"),
      new Agent("TikTok on Android", "Mozilla/5.0 (Linux; Android 12; SM-G991B Build/SP1A.210812.016; wv) AppleWebKit/537.36 "
          + "(KHTML, like Gecko) Version/4.0 Chrome/121.0.6167.178 Mobile Safari/537.36 trill_340103 JsSdk/1.0 NetType/WIFI "
          + "Channel/googleplay AppName/musical_ly app_version/34.1.3 ByteLocale/en Region/US BytedanceWebview/d8a21c6", WEBM, "tiktok"),
      new Agent("TikTok on iOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Mobile/15E148 musical_ly_34.5.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US WKWebView/1 "
          + "BytedanceWebview/d8a21c6", MP4, "tiktok"),
      new Agent("Line on iOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Mobile/15E148 Safari Line/14.9.0", MP4, "line"),
      new Agent("WeChat on Android", "Mozilla/5.0 (Linux; Android 13; V2203A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, "
          + "like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 "
          + "MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64", WEBM, "wechat"),
      new Agent("Snapchat on iOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Mobile/15E148 Snapchat/13.1.0.39 (like Safari/8618.2.12.10.9, panda)", MP4, "snapchat"));

  @BeforeAll
  static void start() {
    Browser.requireChromium();
    site = Site.start();
  }

  @AfterAll
  static void stop() {
    if (site != null) site.close();
  }

  static void open(Browser b) {
    b.driver.get(site.base());
    b.waitFor("the page to load its texts and the campaign", d -> "true".equals(b.js("return document.body.dataset.ready || ''")));
  }

  @Test
  void formatAndInAppVerdictForRealUserAgents() {
    try (Browser b = Browser.start("en", true)) {
      open(b);
      List<String> wrong = new ArrayList<>();
      for (Agent a : AGENTS) {
        Object format = b.js("return Chorus.recorder.chooseFormat(arguments[0], () => true, null)", a.ua());
        Object inApp = b.js("return Chorus.recorder.inAppBrowser(arguments[0]) || ''", a.ua());
        if (!a.format().equals(format)) wrong.add(a.what() + ": format " + format + ", expected " + a.format());
        if (!a.inApp().equals(inApp)) wrong.add(a.what() + ": in-app " + inApp + ", expected '" + a.inApp() + "'");
      }
      assertThat(wrong).as("decisions that differ from the table").isEmpty();
      assertThat(AGENTS).hasSizeGreaterThanOrEqualTo(12);
    }
  }

  @Test
  void formatFollowsWhatTheBrowserCanWriteAndWhatTheCampaignAllows() {
    String iphone = AGENTS.get(0).ua();
    String firefox = AGENTS.get(6).ua();
    try (Browser b = Browser.start("en", true)) {
      open(b);
      // an older WebKit that writes only MP4; a Firefox that writes only Ogg; a browser that writes nothing the campaign takes
      assertThat(b.js("return Chorus.recorder.chooseFormat(arguments[0], (t) => t === 'audio/mp4', null)", iphone)).isEqualTo(MP4);
      assertThat(b.js("return Chorus.recorder.chooseFormat(arguments[0], (t) => t.startsWith('audio/ogg'), null)", firefox))
          .isEqualTo("audio/ogg;codecs=opus");
      assertThat(b.js("return Chorus.recorder.chooseFormat(arguments[0], (t) => t === 'audio/wav', (t) => t.startsWith('audio/webm'))", firefox))
          .isNull();
      // WebKit on a campaign that does not take MP4 falls back to WebM
      assertThat(b.js("return Chorus.recorder.chooseFormat(arguments[0], () => true, (t) => !t.startsWith('audio/mp4'))", iphone))
          .isEqualTo(WEBM);
      // a browser without isTypeSupported is left its own default
      assertThat(b.js("return Chorus.recorder.chooseFormat(arguments[0], null, null)", iphone)).isEqualTo("");
      // this Chromium, asked for real
      assertThat(b.js("return Chorus.recorder.chooseFormat(navigator.userAgent, (t) => MediaRecorder.isTypeSupported(t), null)"))
          .isEqualTo(WEBM);
      assertThat(b.js("return Chorus.recorder.inAppBrowser(navigator.userAgent)")).isNull();
      assertThat((String) b.js("return Chorus.recorder.takeId()")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      assertThat(b.el("inapp-hint").isDisplayed()).as("no in-app hint in a real browser").isFalse();
      assertThat(b.el("fallback").isDisplayed()).as("no file fallback in a browser that records").isFalse();
    }
  }

  @Test
  void inInstagramsBrowserThePageSaysOpenInYourBrowserAndOffersTheFile() throws IOException {
    try (Browser b = Browser.start("en", true)) {
      b.driver.executeCdpCommand("Emulation.setUserAgentOverride", Map.of("userAgent", AGENTS.get(12).ua()));
      open(b);
      assertThat(b.js("return document.body.dataset.inApp")).isEqualTo("instagram");
      String expected = new JsonObject(Files.readString(Path.of("webroot/i18n/en.json"))).getString("openInBrowser");
      b.waitFor("the in-app hint to show", d -> b.el("inapp-hint").isDisplayed());
      assertThat(b.el("inapp-hint").getText().strip()).isEqualTo(expected);
      assertThat(b.el("fallback").isDisplayed()).as("the file input stays offered").isTrue();
      assertThat(b.el("rec-start").isEnabled()).as("recording may still be tried").isTrue();
    }
  }

  @Test
  void theMicrophoneTrackHasVoiceProcessingOff() {
    try (Browser b = Browser.start("en", true)) {
      open(b);
      // watch what the page asks for and keep the stream it gets (the page's own behaviour is unchanged)
      b.js("const md = navigator.mediaDevices, real = md.getUserMedia.bind(md); window.__asked = [];"
          + "md.getUserMedia = async (c) => { window.__asked.push(c); const s = await real(c); window.__stream = s; return s; };");
      b.waitFor("the record button to be ready", d -> b.el("rec-start").isEnabled());
      b.el("rec-start").click();
      b.waitFor("recording to start", d -> b.el("rec-stop").isDisplayed());
      @SuppressWarnings("unchecked")
      Map<String, Object> settings = (Map<String, Object>) b.js("return window.__stream.getAudioTracks()[0].getSettings()");
      @SuppressWarnings("unchecked")
      Map<String, Object> asked = (Map<String, Object>) b.js("return window.__asked[0].audio");
      b.el("rec-stop").click();
      assertThat(asked).containsEntry("echoCancellation", false).containsEntry("noiseSuppression", false)
          .containsEntry("autoGainControl", false).containsEntry("channelCount", 1L);
      assertThat(settings).as("the live track's settings").containsEntry("echoCancellation", false)
          .containsEntry("noiseSuppression", false).containsEntry("autoGainControl", false);
      b.waitFor("the microphone to be released", d -> "ended".equals(b.js("return window.__stream.getAudioTracks()[0].readyState")));
    }
  }

  /** For some agents of the table: the hint for a denied microphone, for no microphone, and for a busy one. */
  static final Map<String, List<String>> MIC_HELP = Map.ofEntries(
      Map.entry("iPhone Safari", List.of("micFixIos", "micFixMissingPhone", "micFixBusyPhone")),
      Map.entry("Chrome on iPhone (WebKit underneath)", List.of("micFixIos", "micFixMissingPhone", "micFixBusyPhone")),
      Map.entry("macOS Safari (and iPad asking for desktop sites)", List.of("micFixSafari", "micFixMissing", "micFixBusy")),
      Map.entry("Chrome Android", List.of("micFixChromeAndroid", "micFixMissingPhone", "micFixBusyPhone")),
      Map.entry("Samsung Internet", List.of("micFixSamsung", "micFixMissingPhone", "micFixBusyPhone")),
      Map.entry("Firefox Windows", List.of("micFixFirefox", "micFixMissing", "micFixBusy")),
      Map.entry("Firefox macOS", List.of("micFixFirefox", "micFixMissing", "micFixBusy")),
      Map.entry("Edge", List.of("micFixChrome", "micFixMissing", "micFixBusy")),
      Map.entry("desktop Chrome Windows", List.of("micFixChrome", "micFixMissing", "micFixBusy")),
      Map.entry("desktop Chrome macOS (AppleWebKit in its name, not WebKit)", List.of("micFixChrome", "micFixMissing", "micFixBusy")),
      Map.entry("Facebook on Android", List.of("micFixChromeAndroid", "micFixMissingPhone", "micFixBusyPhone")));
  static final List<String> MIC_ERRORS = List.of("NotAllowedError", "NotFoundError", "NotReadableError");

  @Test
  void theFixForAMicrophoneProblemFollowsTheBrowser() throws IOException {
    JsonObject en = new JsonObject(Files.readString(Path.of("webroot/i18n/en.json")));
    try (Browser b = Browser.start("en", true)) {
      open(b);
      List<String> wrong = new ArrayList<>();
      for (Agent a : AGENTS) {
        List<String> expected = MIC_HELP.get(a.what());
        if (expected == null) continue;
        for (int i = 0; i < MIC_ERRORS.size(); i++) {
          Object key = b.js("return Chorus.recorder.micHelp(arguments[0], arguments[1])", MIC_ERRORS.get(i), a.ua());
          if (!expected.get(i).equals(key)) wrong.add(a.what() + " / " + MIC_ERRORS.get(i) + ": " + key + ", expected " + expected.get(i));
          assertThat(en.getString((String) key)).as("the hint " + key + " is translated").isNotBlank();
        }
      }
      assertThat(wrong).as("hints that differ from the table").isEmpty();
      assertThat(b.js("return Chorus.recorder.micHelp('NotAllowedError', 'Mozilla/5.0 (X11; Linux x86_64; rv:0) Servo/1.0')")).isEqualTo("micFixOther");
      assertThat(MIC_HELP).hasSizeGreaterThanOrEqualTo(10);
    }
  }

  /** Each microphone problem on the page: what happened and how to fix it, in the fan's language, for their browser. */
  @Test
  void eachMicrophoneProblemIsExplainedInTheFansLanguageWithTheFixForTheirBrowser() throws IOException {
    JsonObject de = new JsonObject(Files.readString(Path.of("webroot/i18n/de.json")));
    Map<String, String> status = Map.of("NotAllowedError", "micDenied", "NotFoundError", "micMissing", "NotReadableError", "micFailed");
    for (String agent : List.of("Samsung Internet", "Firefox Windows")) {
      String ua = AGENTS.stream().filter(a -> a.what().equals(agent)).findFirst().orElseThrow().ua();
      try (Browser b = Browser.start("de", true)) {
        b.driver.executeCdpCommand("Emulation.setUserAgentOverride", Map.of("userAgent", ua));
        open(b);
        for (int i = 0; i < MIC_ERRORS.size(); i++) {
          String name = MIC_ERRORS.get(i);
          b.js("navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('refused in the test', arguments[0]));", name);
          b.waitFor("the record button", d -> b.el("rec-start").isEnabled() && b.el("rec-start").isDisplayed());
          b.el("rec-start").click();
          b.waitText("rec-status", de.getString(status.get(name)));
          b.waitText("mic-fix", de.getString(MIC_HELP.get(agent).get(i)));
          assertThat(b.el("fallback").isDisplayed()).as("the file input is offered").isTrue();
        }
      }
    }
  }

  @Test
  void theTakesOffsetAndTheTapJudgingFromGivenTimes() {
    try (Browser b = Browser.start("en", true)) {
      open(b);
      // recorder at 1000 ms with 10 ms input latency; track leaves the graph at 1300 ms, 10 + 20 ms output latency
      String times = "({ recStartMs: 1000, inputLatency: 0.01, trackStartMs: 1300, baseLatency: 0.01, outputLatency: 0.02, deviceLatencyMs: %s })";
      assertThat(b.js("return Chorus.recorder.takeOffset(" + times.formatted("null") + ")"))
          .isEqualTo(Map.of("offsetMs", -340L, "offsetMethod", "web-audio"));
      assertThat(b.js("return Chorus.recorder.takeOffset(" + times.formatted("40") + ")"))
          .isEqualTo(Map.of("offsetMs", -380L, "offsetMethod", "calibrated"));
      assertThat(b.js("return Chorus.recorder.takeOffset({ recStartMs: 5000, trackStartMs: null, deviceLatencyMs: 40 })"))
          .isEqualTo(Map.of("offsetMs", 0L, "offsetMethod", "none"));
      // recorder started 2 s into the track (a fan who began late): a positive offset
      assertThat(b.js("return Chorus.recorder.takeOffset({ recStartMs: 3000, inputLatency: 0, trackStartMs: 1000, baseLatency: 0, outputLatency: 0 })"))
          .isEqualTo(Map.of("offsetMs", 2000L, "offsetMethod", "web-audio"));

      String clicks = "[1000, 1600, 2200, 2800]";
      @SuppressWarnings("unchecked")
      Map<String, Object> even = (Map<String, Object>) b.js("return Chorus.recorder.judgeTaps(" + clicks + ", [1045, 1640, 2250, 2500])");
      assertThat(even).containsEntry("ok", true).containsEntry("latencyMs", 45L).containsEntry("taps", 3L).containsEntry("spreadMs", 10L);
      @SuppressWarnings("unchecked")
      Map<String, Object> uneven = (Map<String, Object>) b.js("return Chorus.recorder.judgeTaps(" + clicks + ", [1000, 1660, 2320, 2980])");
      assertThat(uneven).containsEntry("ok", false).containsEntry("latencyMs", null).containsEntry("spreadMs", 180L);
      @SuppressWarnings("unchecked")
      Map<String, Object> borderline = (Map<String, Object>) b.js("return Chorus.recorder.judgeTaps(" + clicks + ", [1000, 1630, 2215])");
      assertThat(borderline).as("a spread of exactly 30 ms is too much").containsEntry("ok", false);
      @SuppressWarnings("unchecked")
      Map<String, Object> two = (Map<String, Object>) b.js("return Chorus.recorder.judgeTaps(" + clicks + ", [1040, 1640, 3400])");
      assertThat(two).as("two taps near clicks are not enough").containsEntry("ok", false).containsEntry("taps", 2L);
    }
  }
}
