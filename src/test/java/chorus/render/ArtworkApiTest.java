package chorus.render;

import chorus.support.Fixtures;
import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.artwork.MediaHandler;
import chorus.storage.Storages;
import chorus.support.FanClient;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The render pool behind the API: sizes, idempotence, share pages, re-render on demand, back-pressure. */
class ArtworkApiTest {
  static Vertx vertx;
  static TestApp app;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of("render.workers", 2)));
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  static JsonObject artwork(String name, String team, String lang) {
    return new JsonObject().put("name", name).put("team", team).put("lang", lang);
  }

  private HttpResponse<Buffer> fetch(TestApp on, String absoluteUrl) {
    return on.client.get(URI.create(absoluteUrl).getPath()).send().await();
  }

  @Test
  void artworkComesInFourSizesAsJpegWithImmutableCaching() throws Exception {
    FanClient fan = new FanClient(app.client);
    HttpResponse<Buffer> r = fan.post("/api/fan/artwork", artwork("Antoine Griezmann", "aurora", "fr"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("shareId")).matches("[A-Za-z0-9_-]{22}");
    assertThat(body.getString("shareUrl")).isEqualTo(app.config.string("publicBaseUrl") + "/s/" + body.getString("shareId"));
    Map<String, int[]> sizes = Map.of("cover", new int[] {1400, 1400}, "facebook", new int[] {1200, 630}, "x", new int[] {1200, 600},
        "story", new int[] {1080, 1920});
    for (var e : sizes.entrySet()) {
      JsonObject img = body.getJsonObject("images").getJsonObject(e.getKey());
      assertThat(img.getInteger("width")).isEqualTo(e.getValue()[0]);
      assertThat(img.getInteger("height")).isEqualTo(e.getValue()[1]);
      HttpResponse<Buffer> file = fetch(app, img.getString("url"));
      assertThat(file.statusCode()).isEqualTo(200);
      assertThat(file.getHeader("Content-Type")).isEqualTo("image/jpeg");
      assertThat(file.getHeader("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
      assertThat(file.body().length()).isEqualTo(img.getInteger("bytes"));
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(file.body().getBytes()));
      assertThat(decoded.getWidth()).isEqualTo(e.getValue()[0]);
      assertThat(decoded.getHeight()).isEqualTo(e.getValue()[1]);
    }
  }

  @Test
  void artworkIsDrawnOnTheRenderWorkersNeverOnAnEventLoop() {
    long before = cpuOf("chorus-render");
    FanClient fan = new FanClient(app.client);
    for (int i = 0; i < 3; i++) {
      assertThat(fan.post("/api/fan/artwork", artwork("Thread Probe " + i, "aurora", "en")).statusCode()).isEqualTo(201);
    }
    // three artworks are twelve JPEGs drawn and encoded: milliseconds of CPU on the render pool's threads at the least
    assertThat((cpuOf("chorus-render") - before) / 1_000_000).as("CPU ms of the chorus-render threads").isGreaterThanOrEqualTo(3);
  }

  /** CPU nanoseconds used so far by the live threads whose names start with {@code prefix}. */
  private static long cpuOf(String prefix) {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long ns = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(prefix)) ns += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
    }
    return ns;
  }

  @Test
  void theSameRequestAgainGivesTheSameShareAndImagesWithoutDrawing() {
    FanClient fan = new FanClient(app.client);
    JsonObject first = fan.post("/api/fan/artwork", artwork("Łukasz Żółć", "comet", "pl")).bodyAsJsonObject();
    String coverUrl = first.getJsonObject("images").getJsonObject("cover").getString("url");
    String key = URI.create(coverUrl).getPath().substring(MediaHandler.PATH.length());
    Storages.create(vertx, app.config).delete(key).await();
    HttpResponse<Buffer> again = fan.post("/api/fan/artwork", artwork("Łukasz Żółć", "comet", "pl"));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject()).isEqualTo(first);
    assertThat(Storages.create(vertx, app.config).head(key).await()).as("not drawn again").isNull();
  }

  @Test
  void anImageMissingFromStorageIsDrawnAgainOnRequest() throws Exception {
    FanClient fan = new FanClient(app.client);
    JsonObject art = fan.post("/api/fan/artwork", artwork("محمد صلاح", "falcon", "ar")).bodyAsJsonObject();
    String url = art.getJsonObject("images").getJsonObject("facebook").getString("url");
    byte[] original = fetch(app, url).body().getBytes();
    Storages.create(vertx, app.config).delete(URI.create(url).getPath().substring(MediaHandler.PATH.length())).await();
    HttpResponse<Buffer> again = fetch(app, url);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body().getBytes()).as("deterministic: same bytes").isEqualTo(original);
    assertThat(app.client.get(MediaHandler.PATH + "artwork/00/" + "0".repeat(64) + ".jpg").send().await().statusCode()).isEqualTo(404);
    assertThat(app.client.get(MediaHandler.PATH + "recordings/x.webm").send().await().statusCode()).isEqualTo(404);
  }

  @Test
  void sharePageCarriesOpenGraphAndTwitterTagsInTheFansLanguage() {
    FanClient fan = new FanClient(app.client);
    JsonObject art = fan.post("/api/fan/artwork", artwork("山田太郎", "owl", "ja")).bodyAsJsonObject();
    HttpResponse<Buffer> page = fetch(app, art.getString("shareUrl"));
    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.bodyAsString();
    String fb = art.getJsonObject("images").getJsonObject("facebook").getString("url");
    String x = art.getJsonObject("images").getJsonObject("x").getString("url");
    assertThat(html).contains("<html lang=\"ja\" dir=\"ltr\">")
        .contains("<meta property=\"og:image\" content=\"" + fb + "\">")
        .contains("<meta property=\"og:image:width\" content=\"1200\">")
        .contains("<meta property=\"og:image:height\" content=\"630\">")
        .contains("<meta name=\"twitter:card\" content=\"summary_large_image\">")
        .contains("<meta name=\"twitter:image\" content=\"" + x + "\">")
        .contains("og:image:alt").contains("og:title").contains("og:description").contains("山田太郎")
        .contains("href=\"" + app.config.string("publicBaseUrl") + "/\"");
    assertThat(fb).startsWith("http");
    assertThat(html).doesNotContain(fan.token);
    JsonObject held = fan.get("/api/fan").bodyAsJsonObject().getJsonArray("artworks").getJsonObject(0);
    assertThat(held.getString("shareUrl")).isEqualTo(art.getString("shareUrl"));
    assertThat(held.getJsonObject("images")).isEqualTo(art.getJsonObject("images"));
  }

  @Test
  void hostileNamesAreEscapedOnTheSharePage() throws Exception {
    for (JsonObject f : Fixtures.fanNames()) {
      if (!f.getString("expect").equals("accept-escaped")) continue;
      FanClient fan = new FanClient(app.client);
      HttpResponse<Buffer> r = fan.post("/api/fan/artwork", artwork(f.getString("name"), "tide", "en"));
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
      String html = fetch(app, r.bodyAsJsonObject().getString("shareUrl")).bodyAsString();
      assertThat(html).doesNotContain(f.getString("name")).contains(chorus.core.Html.escape(f.getString("name")));
      assertThat(html).doesNotContain("<script").doesNotContain("<img src=x");
    }
  }

  @Test
  void everyRenderFixtureNameGetsItsArtwork() throws Exception {
    for (JsonObject f : Fixtures.fanNames()) {
      if (!f.getString("expect").equals("render")) continue;
      HttpResponse<Buffer> r = new FanClient(app.client).post("/api/fan/artwork", artwork(f.getString("name"), "nebula", "en"));
      assertThat(r.statusCode()).as(f.getString("script") + ": " + r.bodyAsString()).isEqualTo(201);
      assertThat(r.bodyAsJsonObject().getJsonObject("images").getJsonObject("cover").getInteger("bytes")).isGreaterThan(10_000);
    }
  }

  @Test
  void unknownShareIsA404PageAndBadInputIsAProblem() {
    HttpResponse<Buffer> page = app.client.get("/s/AAAAAAAAAAAAAAAAAAAAAA").send().await();
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(app.client.get("/s/..%2F..%2Fetc").send().await().statusCode()).as("a non-canonical path is refused").isEqualTo(400);
    FanClient fan = new FanClient(app.client);
    assertProblem(fan.post("/api/fan/artwork", artwork("", "aurora", "en")), 400, "name");
    assertProblem(fan.post("/api/fan/artwork", artwork("Ann\r\nBcc: x@y.z", "aurora", "en")), 400, "name");
    assertProblem(fan.post("/api/fan/artwork", artwork("Ann", "nope", "en")), 400, "team");
    assertProblem(fan.post("/api/fan/artwork", artwork("Ann", "aurora", "xx")), 400, "lang");
    assertProblem(app.client.post("/api/fan/artwork").sendJsonObject(artwork("Ann", "aurora", "en")).await(), 401, null);
  }

  @Test
  void aFullQueueAnswers503WithRetryAfterInsteadOfABacklog() {
    Vertx other = Vertx.vertx();
    TestApp small = TestApp.start(other, TestServices.get().config(Map.of("render.workers", 1, "render.queue", 1)));
    try {
      List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(small.client.post("/api/fan/artwork").putHeader("Authorization", "Bearer " + java.util.UUID.randomUUID())
            .sendJsonObject(artwork("Queue Tester " + i, "storm", "en")));
      }
      Future.join(calls).await();
      long ok = calls.stream().filter(c -> c.result().statusCode() == 201).count();
      List<HttpResponse<Buffer>> refused = calls.stream().map(Future::result).filter(r -> r.statusCode() == 503).toList();
      assertThat(ok + refused.size()).isEqualTo(8);
      assertThat(ok).isGreaterThanOrEqualTo(1);
      assertThat(refused).isNotEmpty();
      for (HttpResponse<Buffer> r : refused) {
        assertThat(r.getHeader("Retry-After")).isEqualTo("2");
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
      }
    } finally {
      small.close();
      other.close().await();
    }
  }
}
