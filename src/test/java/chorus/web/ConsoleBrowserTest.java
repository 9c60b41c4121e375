package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.campaign.Campaign;
import chorus.console.Audit;
import chorus.console.MemberAccounts;
import chorus.db.Database;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.FanClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The console in Chromium, as an admin uses it: sign in with a one-time password and replace it, moderate takes
 * with the keyboard and play one, reject a name and see its share page go 410, freeze and draw, check the draw
 * with tools/draw/Verify.java, and download the approved-takes export and read its manifest.
 */
class ConsoleBrowserTest {
  static Site site;
  static Pool pool;
  static ObjectStorage storage;

  @BeforeAll
  static void start() {
    Browser.requireChromium();
    site = Site.start();
    pool = Database.pool(site.vertx, site.app.config);
    storage = Storages.create(site.vertx, site.app.config);
  }

  @AfterAll
  static void stop() {
    if (site != null) site.close();
  }

  @Test
  void anAdminModeratesDrawsAndExportsInTheBrowser() throws Exception {
    String team = "t" + UUID.randomUUID().toString().substring(0, 8);
    Buffer fan = fan(team);
    List<UUID> takes = new ArrayList<>();
    for (int i = 0; i < 3; i++) takes.add(take(fan, OffsetDateTime.now().minusMinutes(10 - i)));
    String terms = Campaign.load(Path.of("conf/campaign.json"), Path.of("webroot")).termsVersion();
    for (int i = 0; i < 3; i++) enter(terms);
    String email = "lead-" + UUID.randomUUID().toString().substring(0, 6) + "@agency.test";
    MemberAccounts.Issued admin = MemberAccounts.add(site.vertx, pool, Audit.CLI, email, "admin").await();

    try (Browser b = Browser.start("en", false)) {
      b.driver.get(site.base() + "console/");
      b.waitFor("the sign-in form", d -> b.el("signin-form").isDisplayed());
      b.el("email").sendKeys(email);
      b.el("password").sendKeys(admin.password());
      b.el("signin").click();
      b.waitFor("the password change form", d -> b.el("password-form").isDisplayed());
      b.el("current").sendKeys(admin.password());
      b.el("new-password").sendKeys("a long new password of my own");
      b.el("change").click();
      b.waitFor("the console's tabs", d -> b.el("nav").isDisplayed());

      // takes: filter to ours, then j/k, space, a, r
      b.el("f-team").sendKeys(team);
      b.el("f-apply").click();
      b.waitFor("three takes", d -> d.findElements(By.cssSelector("#takes li.take")).size() == 3);
      // the unfiltered list may still be replaced by the filtered one under the click: find it again then
      b.waitFor("the first take to take a click", d -> {
        d.findElement(By.cssSelector("#takes li.take")).click();
        return true;
      });
      keys(b, "j");
      assertThat(selected(b)).isEqualTo(takes.get(1).toString());
      keys(b, "k");
      assertThat(selected(b)).isEqualTo(takes.get(0).toString());
      keys(b, " ");
      b.waitFor("the take to play", d -> Boolean.TRUE.equals(b.js("const p = document.getElementById('player'); return !p.paused && p.currentTime > 0.2;")));
      keys(b, " ");
      b.waitFor("the take to pause", d -> Boolean.TRUE.equals(b.js("return document.getElementById('player').paused;")));
      keys(b, "a");
      b.waitFor("the first take approved", d -> d.findElement(By.cssSelector("#takes li.take")).getText().contains("approved"));
      assertThat(selected(b)).isEqualTo(takes.get(1).toString());
      keys(b, "r");
      b.waitFor("the reason box", d -> b.el("reject-reason").isDisplayed());
      b.el("reject-reason").sendKeys("off key", Keys.ENTER);
      b.waitFor("the second take rejected", d -> d.findElements(By.cssSelector("#takes li.take")).get(1).getText().contains("rejected: off key"));
      assertThat(decision(takes.get(0))).isEqualTo("approved");
      assertThat(decision(takes.get(1))).isEqualTo("rejected");
      assertThat(decision(takes.get(2))).isNull();

      // names: a listed word flags it; rejecting withdraws the share page
      String shareId = new FanClient(site.app.client).post("/api/fan/artwork", new JsonObject().put("name", "Shit Singer " + team)
          .put("team", "aurora").put("lang", "en")).bodyAsJsonObject().getString("shareId");
      b.driver.findElement(By.cssSelector("#nav button[data-tab=names]")).click();
      By row = By.cssSelector("#names li[data-share='" + shareId + "']");
      b.waitFor("the flagged name", d -> !d.findElements(row).isEmpty());
      assertThat(b.driver.findElement(row).getText()).contains("matched: shit (en)");
      b.driver.findElement(row).findElement(By.className("name-reason")).sendKeys("profanity");
      b.driver.findElement(row).findElement(By.className("name-reject")).click();
      b.waitFor("the name to leave the queue", d -> d.findElements(row).isEmpty());
      assertThat(site.app.client.get("/s/" + shareId).send().await().statusCode()).isEqualTo(410);

      // the draw: freeze, publish, seed, winners; the script agrees
      b.driver.findElement(By.cssSelector("#nav button[data-tab=draw]")).click();
      b.el("draw-winners").clear();
      b.el("draw-winners").sendKeys("2");
      b.el("freeze").click();
      b.waitFor("the published hash", d -> !d.findElements(By.id("draw-hash")).isEmpty());
      String hash = b.el("draw-hash").getText();
      String seed = "drand-round-" + UUID.randomUUID();
      b.el("seed").sendKeys(seed);
      b.el("set-seed").click();
      b.waitFor("two winners", d -> d.findElements(By.cssSelector("#draw-winners-list li")).size() == 2);
      List<String> shown = b.driver.findElements(By.cssSelector("#draw-winners-list li")).stream().map(e -> e.getAttribute("data-entry")).toList();
      String list = fetchText(b, b.el("draw-entries").getAttribute("href"));
      Path file = Files.createTempFile("entries", ".txt");
      Files.writeString(file, list);
      String out = verify(file.toString(), hash, seed, "2");
      assertThat(out).contains("matches the published hash").contains("winner 1: " + shown.get(0)).contains("winner 2: " + shown.get(1));

      // the export: the approved take is in the ZIP's manifest, and its file beside it
      b.driver.findElement(By.cssSelector("#nav button[data-tab=exports]")).click();
      byte[] zip = Base64.getDecoder().decode(fetchBase64(b, b.el("export-takes").getAttribute("href")));
      String manifest = null;
      List<String> names = new ArrayList<>();
      try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
        for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
          names.add(e.getName());
          if (e.getName().equals("manifest.csv")) manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      assertThat(manifest).startsWith("take,share_id,language,country,team,duration_ms,loudness_lufs,offset_ms,file\n")
          .contains(takes.get(0) + ",").doesNotContain(takes.get(1).toString());
      String line = manifest.lines().filter(l -> l.startsWith(takes.get(0).toString())).findFirst().orElseThrow();
      assertThat(line).contains(",en,GB," + team + ",12000,");
      assertThat(names).contains("takes/" + takes.get(0) + ".flac");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAdminMixesAGroupOfApprovedTakesAndGetsTheWav() throws Exception {
    String team = "t" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 3; i++) {
      UUID id = take(fan(team), OffsetDateTime.now().minusMinutes(5));
      storage.put("producer/" + id + ".flac", Buffer.buffer(chorus.support.Audio.flac(3, 300 + 100 * i)), "audio/flac").await();
      pool.preparedQuery("UPDATE recordings SET decision = 'approved', decided_at = now() WHERE id = $1").execute(Tuple.of(id)).await();
    }
    // a take the aligner was unsure of: mixed at the browser's 0 ms until a person nudges it
    UUID unsure = take(fan("u" + team), OffsetDateTime.now().minusMinutes(5));
    storage.put("producer/" + unsure + ".flac", Buffer.buffer(chorus.support.Audio.flac(3, 700)), "audio/flac").await();
    pool.preparedQuery("UPDATE recordings SET decision = 'approved', decided_at = now(), aligned_offset_ms = 900, align_confidence = 0.04,"
        + " align_method = 'guide', needs_review = true WHERE id = $1").execute(Tuple.of(unsure)).await();
    String email = "mixer-" + UUID.randomUUID().toString().substring(0, 6) + "@agency.test";
    MemberAccounts.Issued admin = MemberAccounts.add(site.vertx, pool, Audit.CLI, email, "admin").await();
    try (Browser b = Browser.start("en", false)) {
      signIn(b, email, admin.password());
      b.driver.findElement(By.cssSelector("#nav button[data-tab=mixes]")).click();
      b.waitFor("the mix form", d -> b.el("mix-form").isDisplayed());

      // a group of our team's fans, then its stem
      String group = "b-" + team;
      b.el("g-name").sendKeys(group);
      b.el("g-team").sendKeys(team);
      b.driver.findElement(By.cssSelector("#group-form button[type=submit]")).click();
      By option = By.cssSelector("#mix-group option[value='" + group + "']");
      b.waitFor("the group among the stems", d -> !d.findElements(option).isEmpty());
      b.driver.findElement(option).click();
      b.el("mix-start").click();
      b.waitFor("the progress", d -> b.el("mix-progress").isDisplayed());
      assertThat(b.el("mix-bar").getTagName()).isEqualTo("progress");
      b.waitFor(java.time.Duration.ofSeconds(120), "the mix to be done", d -> "done".equals(b.el("mix-progress").getAttribute("data-state"))
          || "failed".equals(b.el("mix-progress").getAttribute("data-state")));
      assertThat(b.el("mix-progress").getAttribute("data-state")).as(b.el("message").getText()).isEqualTo("done");
      assertThat(b.el("mix-bar").getAttribute("value")).isEqualTo(b.el("mix-bar").getAttribute("max"));
      assertThat(b.el("mix-state").getText()).contains("done");

      var wav = b.driver.findElement(By.cssSelector("#mix-stems a.stem.wav"));
      assertThat(wav.getText()).isEqualTo("Download " + group + ".wav");
      var got = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(wav.getAttribute("href"))).build(),
          java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(new String(got.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
      assertThat(new String(got.body(), 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");

      // the past mixes: stem, take count, cut-off, state
      By cells = By.cssSelector("#mixes tr[data-mix] td");
      b.waitFor("the mix among the past ones, done", d -> b.js("return [...document.querySelectorAll('#mixes tr[data-mix]')]"
          + ".some(r => r.cells[1].textContent === arguments[0] && r.cells[4].textContent.startsWith('done'))", group));
      List<String> row = (List<String>) b.js("const r = [...document.querySelectorAll('#mixes tr[data-mix]')].find(r => r.cells[1].textContent === arguments[0]);"
          + "return [...r.cells].map(c => c.textContent);", group);
      assertThat(row.get(2)).isEqualTo("3");
      assertThat(java.time.OffsetDateTime.parse(row.get(3))).isBefore(OffsetDateTime.now().plusSeconds(1));
      assertThat(b.driver.findElements(cells)).isNotEmpty();

      // the unsure take: nudge it 40 ms later, then its preview is made again there and can be heard
      By review = By.cssSelector("#review li.review[data-id='" + unsure + "']");
      b.waitFor("the unsure take", d -> !d.findElements(review).isEmpty());
      assertThat(b.driver.findElement(review).getText()).contains("offset 0 ms").contains("confidence 0.04");
      b.driver.findElement(review).findElement(By.className("nudge-ms")).clear();
      b.driver.findElement(review).findElement(By.className("nudge-ms")).sendKeys("40");
      b.driver.findElement(review).findElement(By.className("nudge")).click();
      b.waitFor(java.time.Duration.ofSeconds(60), "the preview at the nudged offset", d -> {
        var li = d.findElement(review);
        return li.getText().contains("offset 40 ms") && li.findElement(By.className("listen")).isEnabled();
      });
      b.driver.findElement(review).findElement(By.className("listen")).click();
      b.waitFor("the preview to play", d -> Boolean.TRUE.equals(b.js("const p = document.getElementById('review-player'); return !p.paused && p.currentTime > 0.2;")));
      assertThat(pool.preparedQuery("SELECT action FROM console_audit WHERE target = $1").execute(Tuple.of(unsure.toString())).await()
          .iterator().next().getString(0)).isEqualTo("take.nudge");
    }
  }

  private static void signIn(Browser b, String email, String password) {
    b.driver.get(site.base() + "console/");
    b.waitFor("the sign-in form", d -> b.el("signin-form").isDisplayed());
    b.el("email").sendKeys(email);
    b.el("password").sendKeys(password);
    b.el("signin").click();
    b.waitFor("the password change form", d -> b.el("password-form").isDisplayed());
    b.el("current").sendKeys(password);
    b.el("new-password").sendKeys("a long new password of my own");
    b.el("change").click();
    b.waitFor("the console's tabs", d -> b.el("nav").isDisplayed());
  }

  private static void keys(Browser b, String key) {
    new Actions(b.driver).sendKeys(key).perform();
  }

  private static String selected(Browser b) {
    return b.driver.findElement(By.cssSelector("#takes li.selected")).getAttribute("data-id");
  }

  private static String fetchText(Browser b, String url) {
    Object r = b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done, e => done('ERROR ' + e));", url);
    return (String) r;
  }

  /** The body of a GET in the signed-in page, base64; fails naming the status, or the network error, when it is not a 200. */
  private static String fetchBase64(Browser b, String url) {
    Object r = b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch(arguments[0], {credentials: 'same-origin'}).then(async r => {"
        + "  if (!r.ok) { done('HTTP ' + r.status + ' ' + (await r.text())); return; }"
        + "  const buf = await r.arrayBuffer();"
        + "  let s = ''; const a = new Uint8Array(buf); for (let i = 0; i < a.length; i += 8192) s += String.fromCharCode.apply(null, a.subarray(i, i + 8192));"
        + "  done('OK ' + btoa(s)); }).catch(e => done('ERROR ' + e));", url);
    String answer = (String) r;
    assertThat(answer).as("GET " + url).startsWith("OK ");
    return answer.substring(3);
  }

  private static String decision(UUID id) {
    return pool.preparedQuery("SELECT decision FROM recordings WHERE id = $1").execute(Tuple.of(id)).await().iterator().next().getString(0);
  }

  private static Buffer fan(String team) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Buffer fan = Buffer.buffer(key);
    pool.preparedQuery("INSERT INTO fans (fan_key, country) VALUES ($1, 'GB')").execute(Tuple.of(fan)).await();
    pool.preparedQuery("INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter, newsletter_confirmed_at) "
        + "VALUES ($1, $2, 'Fan', $3, 'en', true, now())").execute(Tuple.of(fan, "fan-" + UUID.randomUUID() + "@example.test", team)).await();
    return fan;
  }

  private static UUID take(Buffer fan, OffsetDateTime at) {
    UUID id = UUID.randomUUID();
    storage.put("recordings/" + id + ".wav", Buffer.buffer(Wav.sine(2.0, 440, 0.3)), "audio/wav").await();
    storage.put("producer/" + id + ".flac", Buffer.buffer("fLaC" + id), "audio/flac").await();
    pool.preparedQuery("INSERT INTO recordings (id, fan_key, object_key, content_type, bytes, duration_ms, status, completed_at, verdict, "
        + "analysis, producer_key) VALUES ($1, $2, $3, 'audio/wav', 64000, 12000, 'complete', $4, 'ok', $5, $6)")
        .execute(Tuple.from(new Object[] {id, fan, "recordings/" + id + ".wav", at, new JsonObject().put("loudnessLufs", -16.2),
            "producer/" + id + ".flac"})).await();
    return id;
  }

  private static void enter(String terms) {
    Buffer fan = fan("entrants");
    String email = pool.preparedQuery("SELECT email FROM subscriptions WHERE fan_key = $1").execute(Tuple.of(fan)).await().iterator().next().getString(0);
    pool.preparedQuery("INSERT INTO contest_entries (email, fan_key, terms_version) VALUES ($1, $2, $3)").execute(Tuple.of(email, fan, terms)).await();
  }

  private static String verify(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "tools/draw/Verify.java"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
