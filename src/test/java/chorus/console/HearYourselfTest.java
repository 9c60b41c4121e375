package chorus.console;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.FanToken;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.Audio;
import chorus.support.FanClient;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Hear yourself" on the fan side: once a moderator approves a take and the job worker has rendered its preview,
 * {@code GET /api/fan} carries a signed {@code previewUrl} for it and the fan's share page plays it; rejection
 * and erasure take both away.
 */
class HearYourselfTest {
  static Vertx vertx;
  static TestApp app;
  static Pool pool;
  static ObjectStorage storage;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of()));
    pool = ConsoleFixture.pool(app);
    storage = Storages.create(vertx, app.config);
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  static String previewKey(UUID id) {
    return pool.preparedQuery("SELECT preview_key FROM recordings WHERE id = $1").execute(Tuple.of(id)).await().iterator().next().getString(0);
  }

  static void waitFor(String what, Supplier<Boolean> done) throws InterruptedException {
    long until = System.currentTimeMillis() + 120_000;
    while (!done.get()) {
      assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(until);
      Thread.sleep(200);
    }
  }

  static UUID take(FanClient fan) {
    UUID id = ConsoleData.take(pool, Buffer.buffer(FanToken.fanKey(fan.token)), "ok", OffsetDateTime.now());
    storage.put("producer/" + id + ".flac", Buffer.buffer(Audio.flac(4, 440)), "audio/flac").await();
    return id;
  }

  static JsonObject heldTake(FanClient fan, UUID id) {
    return fan.get("/api/fan").bodyAsJsonObject().getJsonArray("recordings").stream().map(o -> (JsonObject) o)
        .filter(t -> t.getString("recordingId").equals(id.toString())).findFirst().orElseThrow();
  }

  @Test
  void anApprovedTakesPreviewPlaysOnTheFansPagesUntilRejectedOrErased() throws Exception {
    FanClient fan = new FanClient(app.client);
    var art = fan.post("/api/fan/artwork", new JsonObject().put("name", "Amélie").put("team", "aurora").put("lang", "fr"));
    assertThat(art.statusCode()).as(art.bodyAsString()).isEqualTo(201);
    String share = "/s/" + art.bodyAsJsonObject().getString("shareId");
    UUID id = take(fan);
    assertThat(heldTake(fan, id).containsKey("previewUrl")).isFalse();
    assertThat(app.client.get(share).send().await().bodyAsString()).doesNotContain("<audio");

    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    assertThat(mod.post("/console/api/takes/" + id + "/decision", new JsonObject().put("decision", "approve")).statusCode()).isEqualTo(200);
    waitFor("the preview", () -> previewKey(id) != null);

    String url = heldTake(fan, id).getString("previewUrl");
    assertThat(url).isNotNull().contains(previewKey(id));
    var got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(new String(got.body(), 4, 4)).isEqualTo("ftyp");

    HttpResponse<Buffer> page = app.client.get(share).send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.bodyAsString();
    assertThat(html).contains("<h2 style=\"font-size:1.1rem;margin-top:1.5rem\">Écoutez la voix de ce fan</h2>").contains("<audio controls preload=\"none\" src=\"")
        .contains(chorus.core.Html.escape(url).substring(0, url.indexOf('?')));
    assertThat(page.getHeader("Content-Security-Policy")).contains("media-src 'self'");

    assertThat(mod.post("/console/api/takes/" + id + "/decision", new JsonObject().put("decision", "reject").put("reason", "noise"))
        .statusCode()).isEqualTo(200);
    waitFor("the preview to go", () -> previewKey(id) == null);
    assertThat(heldTake(fan, id).containsKey("previewUrl")).isFalse();
    assertThat(app.client.get(share).send().await().bodyAsString()).doesNotContain("<audio").doesNotContain("class=\"voice\"");

    UUID again = take(fan);
    assertThat(mod.post("/console/api/takes/" + again + "/decision", new JsonObject().put("decision", "approve")).statusCode()).isEqualTo(200);
    waitFor("the second preview", () -> previewKey(again) != null);
    String key = previewKey(again);
    assertThat(app.client.get(share).send().await().bodyAsString()).contains("<audio");
    assertThat(fan.delete("/api/fan").statusCode()).isEqualTo(204);
    assertThat(storage.head(key).await()).as("erasure deletes the preview").isNull();
    assertThat(app.client.get(share).send().await().statusCode()).isEqualTo(410);
  }
}
