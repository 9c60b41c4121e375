package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.campaign.Locales;
import chorus.mail.MailComposer;
import chorus.mail.MailTestSupport;
import chorus.mail.Outbox;
import chorus.mail.Tokens;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each kind of fan mail's HTML part, in every language, drawn by Chromium at 360 px (a phone) and 600 px (a
 * mail client's reading pane): nothing wider than the viewport, every image loaded, and in dark mode a dark card
 * with light text (the artwork comes from
 * {@code /media/} of the mail's base URL, served here by a small HTTP server with a real cover image).
 */
class MailRenderBrowserTest {
  static Vertx vertx;
  static HttpServer server;
  static String base;
  static final Map<String, String> PAGES = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    vertx = Vertx.vertx();
    byte[] cover = Files.readAllBytes(Path.of("webroot/campaign/artwork/cover.jpg"));
    int port = TestServices.freePort();
    server = vertx.createHttpServer().requestHandler(req -> {
      String page = PAGES.get(req.path());
      if (page != null) {
        req.response().putHeader("Content-Type", "text/html; charset=utf-8").end(page);
      } else if (req.path().startsWith("/media/")) {
        req.response().putHeader("Content-Type", "image/jpeg").end(io.vertx.core.buffer.Buffer.buffer(cover));
      } else {
        req.response().setStatusCode(404).end();
      }
    }).listen(port, "127.0.0.1").await();
    base = "http://127.0.0.1:" + port;
    MailComposer composer = new MailComposer("Chorus <hello@chorus.invalid>", base, new Tokens("0123456789abcdef0123456789abcdef-mail"),
        null, MailTestSupport.campaign());
    JsonObject artwork = new JsonObject().put("shareId", "AbCdEfGhIjKlMnOpQrStUv").put("name", "Maximiliane Wolkenstein-Oberhausen")
        .put("team", "volcano").put("cover", new JsonObject().put("key", "artwork/ab/cover.jpg").put("width", 1400).put("height", 1400));
    // the longest name a fan may give (80 characters, no spaces) must not widen the mail either
    String longName = "Wolkenkratzerfensterputzerinnengewerkschaftsvorsitzendenstellvertreterinnenwahl";
    for (String lang : Locales.LANGUAGES) {
      Outbox.Row confirm = new Outbox.Row(1, "confirm", "fan@fans.example", lang,
          new JsonObject().put("claim", UUID.randomUUID().toString()).put("newsletter", true), "<c@chorus>", 1, false);
      Outbox.Row welcome = new Outbox.Row(2, "welcome", "fan@fans.example", lang,
          new JsonObject().put("name", longName).put("team", "volcano").put("newsletter", true), "<w@chorus>", 1, false,
          artwork.getString("shareId"), artwork, true, true);
      Outbox.Row inSong = new Outbox.Row(3, "in_song", "fan@fans.example", lang,
          new JsonObject().put("recordingId", UUID.randomUUID().toString()).put("name", longName).put("team", "volcano"), "<s@chorus>", 1, false,
          artwork.getString("shareId"), artwork, true, true);
      PAGES.put("/confirm/" + lang, composer.compose(confirm, Instant.now()).getHtml());
      PAGES.put("/welcome/" + lang, composer.compose(welcome, Instant.now()).getHtml());
      PAGES.put("/in_song/" + lang, composer.compose(inSong, Instant.now()).getHtml());
    }
    // kept for a look (and for mail-client previews) under target/mail-samples
    Path samples = Files.createDirectories(Path.of("target/mail-samples"));
    for (var e : PAGES.entrySet()) Files.writeString(samples.resolve(e.getKey().substring(1).replace('/', '-') + ".html"), e.getValue());
  }

  @AfterAll
  static void stop() {
    if (vertx != null) vertx.close().await();
  }

  @Test
  void everyKindInEveryLanguageFitsAt360And600PixelsWithEveryImageLoaded() throws Exception {
    List<String> problems = new ArrayList<>();
    try (Browser b = Browser.start("en", false)) {
      for (String path : PAGES.keySet().stream().sorted().toList()) {
        for (int width : new int[] {360, 600}) {
          b.viewport(width, 800, width == 360);
          b.driver.get(base + path);
          b.waitFor(path + " loaded", d -> "complete".equals(b.js("return document.readyState")));
          b.waitFor(path + " images settled", d -> (Boolean) b.js("return Array.from(document.images).every(i => i.complete)"));
          long scroll = (Long) b.js("return document.documentElement.scrollWidth");
          long client = (Long) b.js("return document.documentElement.clientWidth");
          if (scroll > client) problems.add(path + " at " + width + " px: " + scroll + " px wide");
          Object broken = b.js("return Array.from(document.images).filter(i => !i.naturalWidth).map(i => i.src).join(' ')");
          if (!String.valueOf(broken).isEmpty()) problems.add(path + " at " + width + " px: image not loaded " + broken);
          long images = (Long) b.js("return document.images.length");
          if (path.startsWith("/welcome/") && images != 1) problems.add(path + ": " + images + " images, expected the artwork");
          if (path.startsWith("/confirm/") && images != 0) problems.add(path + ": " + images + " images in a confirmation");
          if (path.startsWith("/in_song/") && images != 0) problems.add(path + ": " + images + " images in \"you're in the song\"");
        }
        // a client that follows the reader's dark mode (Apple Mail, iOS) gets a dark card with light text
        b.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        Object dark = b.js("const c = document.querySelector('.c-card'), s = getComputedStyle(c);"
            + "return s.backgroundColor + ' / ' + s.color");
        if (!"rgb(29, 31, 35) / rgb(236, 236, 238)".equals(dark)) problems.add(path + " in dark mode: card " + dark);
        if (path.equals("/welcome/en")) b.screenshot("mail-welcome-en-dark", 360, true);
        b.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
        Object light = b.js("const s = getComputedStyle(document.querySelector('.c-card')); return s.backgroundColor + ' / ' + s.color");
        if (!"rgb(255, 255, 255) / rgb(29, 29, 31)".equals(light)) problems.add(path + " in light mode: card " + light);
        if (path.equals("/welcome/ar") || path.equals("/confirm/en") || path.equals("/welcome/en") || path.equals("/in_song/ar")) {
          b.screenshot("mail" + path.replace('/', '-'), 360, true);
        }
      }
    }
    assertThat(PAGES).hasSize(chorus.core.MailKind.values().length * Locales.LANGUAGES.size());
    assertThat(problems).isEmpty();
  }
}
