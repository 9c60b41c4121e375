package chorus.fan;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.Audio;
import chorus.support.Containers;
import chorus.support.FanClient;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upload abuse against the S3-compatible server and the app's own upload route: the presigned PUT is bound to
 * the declared length and type, a completed take cannot be overwritten through its URL, the type check wants
 * audio of the declared type, and targets granted but never completed are swept.
 */
class UploadHardeningTest {
  static Vertx vertx;
  static TestApp s3App;
  static TestApp localApp;
  static ObjectStorage s3;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    s3App = TestApp.start(vertx, TestServices.get().config(Map.of()));
    localApp = TestApp.start(vertx, TestServices.get().localStorageConfig(Map.of()));
    s3 = Storages.create(vertx, s3App.config);
  }

  @AfterAll
  static void stop() {
    s3App.close();
    localApp.close();
    vertx.close().await();
  }

  static JsonObject create(FanClient fan, String type, long bytes) {
    HttpResponse<Buffer> r = fan.post("/api/fan/recordings", new JsonObject().put("contentType", type).put("bytes", bytes).put("durationMs", 8000));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  /** PUTs {@code body} through the target with its signed headers, as a browser would. */
  static java.net.http.HttpResponse<String> put(JsonObject created, byte[] body) throws Exception {
    JsonObject upload = created.getJsonObject("upload");
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.getString("url"))).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    upload.getJsonObject("headers").forEach(h -> {
      if (!h.getKey().equalsIgnoreCase("content-length") && !h.getKey().equalsIgnoreCase("host")) put.header(h.getKey(), String.valueOf(h.getValue()));
    });
    return HTTP.send(put.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<Buffer> complete(FanClient fan, JsonObject created) {
    return fan.post("/api/fan/recordings/" + created.getString("recordingId") + "/complete", new JsonObject());
  }

  @Test
  void thePresignedPutSignsTheLengthAndTypeAndS3RefusesALargerBody() throws Exception {
    FanClient fan = new FanClient(s3App.client);
    byte[] take = Containers.webmAudio(4000);
    JsonObject created = create(fan, "audio/webm", take.length);
    String url = created.getJsonObject("upload").getString("url");
    assertThat(url).containsIgnoringCase("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost");
    assertThat(url).contains("X-Amz-Expires=600");
    assertThat(put(created, Containers.webmAudio(4001)).statusCode()).as("one byte more than declared").isEqualTo(403);
    // the server refuses a large body before reading it all: a 403, or the connection closed under the sender
    int large;
    try {
      large = put(created, Containers.webmAudio(40_000_000 / 8)).statusCode();
    } catch (java.io.IOException closedWhileSending) {
      large = -1;
    }
    assertThat(large).as("a large body is refused (403 or connection closed)").isIn(403, -1);
    assertThat(put(created, Containers.webmAudio(3999)).statusCode()).as("one byte less").isEqualTo(403);
    assertThat(s3.head("uploads/" + created.getString("recordingId") + ".webm").await()).as("nothing stored").isNull();
    assertThat(put(created, take).statusCode()).isEqualTo(200);
    assertThat(complete(fan, created).statusCode()).isEqualTo(200);
  }

  void aCompletedTakeCannotBeOverwrittenThroughItsUrl(TestApp app) throws Exception {
    ObjectStorage storage = Storages.create(vertx, app.config);
    FanClient fan = new FanClient(app.client);
    byte[] take = Containers.webmAudio(6000);
    JsonObject created = create(fan, "audio/webm", take.length);
    assertThat(put(created, take).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> done = complete(fan, created);
    assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(200);
    String key = "recordings/" + created.getString("recordingId") + ".webm";
    // the URL is still valid: whatever it writes now, the completed take is not it
    byte[] evil = Containers.png(6000);
    put(created, evil);
    assertThat(storage.get(key).await().getBytes()).as("the completed take is unchanged").isEqualTo(take);
    JsonObject again = complete(fan, created).bodyAsJsonObject();
    for (String field : new String[] {"recordingId", "status", "bytes", "detected"}) {
      assertThat(again.getValue(field)).as(field).isEqualTo(done.bodyAsJsonObject().getValue(field));
    }
  }

  @Test
  void aCompletedTakeCannotBeOverwrittenThroughItsUrlOnS3() throws Exception {
    aCompletedTakeCannotBeOverwrittenThroughItsUrl(s3App);
  }

  @Test
  void aCompletedTakeCannotBeOverwrittenThroughItsUrlOnLocalStorage() throws Exception {
    aCompletedTakeCannotBeOverwrittenThroughItsUrl(localApp);
  }

  @Test
  void theDetectedTypeMustBeTheDeclaredOneAndVideoOrImagesAreRefused() throws Exception {
    FanClient fan = new FanClient(s3App.client);
    record Case(String declared, byte[] body) {}
    for (Case c : new Case[] {
        new Case("audio/webm", Audio.wav(1.0, 440)),
        new Case("audio/mp4", Containers.webmAudio(5000)),
        new Case("audio/webm", Containers.webm("webm", 5000, 1, 2)),
        new Case("audio/mp4", Containers.mp4("isom", 5000, "vide", "soun")),
        new Case("audio/ogg", Containers.ogg("theora", 5000)),
        new Case("audio/mpeg", Containers.png(5000))}) {
      JsonObject created = create(fan, c.declared(), c.body().length);
      assertThat(put(created, c.body()).statusCode()).isEqualTo(200);
      assertProblem(complete(fan, created), 422, null);
    }
    for (Case c : new Case[] {
        new Case("audio/ogg;codecs=opus", Containers.ogg("opus", 5000)),
        new Case("audio/mp4", Containers.mp4("M4A ", 5000, "soun")),
        new Case("audio/mpeg", Containers.mp3(true, 5000)),
        new Case("audio/wav", Audio.wav(1.0, 440))}) {
      FanClient other = new FanClient(s3App.client);
      JsonObject created = create(other, c.declared(), c.body().length);
      assertThat(put(created, c.body()).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> done = complete(other, created);
      assertThat(done.statusCode()).as(c.declared() + ": " + done.bodyAsString()).isEqualTo(200);
    }
  }

  @Test
  void targetsGrantedAndNeverCompletedAreSwept() throws Exception {
    FanClient fan = new FanClient(s3App.client);
    byte[] take = Containers.webmAudio(3000);
    JsonObject abandoned = create(fan, "audio/webm", take.length);
    assertThat(put(abandoned, take).statusCode()).isEqualTo(200);
    JsonObject finished = create(fan, "audio/webm", take.length);
    assertThat(put(finished, take).statusCode()).isEqualTo(200);
    assertThat(complete(fan, finished).statusCode()).isEqualTo(200);
    put(finished, take); // a late PUT through the old URL after completion
    String staged = "uploads/" + abandoned.getString("recordingId") + ".webm";
    String late = "uploads/" + finished.getString("recordingId") + ".webm";
    assertThat(s3.head(staged).await()).isNotNull();
    assertThat(s3.head(late).await()).isNotNull();

    UploadSweepVerticle sweeper = new UploadSweepVerticle(s3App.config, s3);
    String deployment = vertx.deployVerticle(sweeper).await();
    try {
      assertThat(sweeper.sweep(0).await()).isGreaterThanOrEqualTo(2);
    } finally {
      vertx.undeploy(deployment).await();
    }
    assertThat(s3.head(staged).await()).as("the abandoned upload is deleted").isNull();
    assertThat(s3.head(late).await()).as("what a late PUT left is deleted").isNull();
    assertThat(s3.head("recordings/" + finished.getString("recordingId") + ".webm").await()).as("the completed take stays").isNotNull();
    var takes = fan.get("/api/fan").bodyAsJsonObject().getJsonArray("recordings");
    assertThat(takes).hasSize(1);
    assertThat(takes.getJsonObject(0).getString("recordingId")).isEqualTo(finished.getString("recordingId"));
    assertProblem(complete(fan, abandoned), 410, null);
  }
}
