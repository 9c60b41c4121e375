package chorus.fan;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
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
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Recording uploads on S3 (s3proxy, presigned PUT) and on local disk (the app's signed URL). */
class RecordingTest {
  static Vertx vertx;
  static TestApp s3App;
  static TestApp localApp;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    s3App = TestApp.start(vertx, TestServices.get().config(Map.of()));
    localApp = TestApp.start(vertx, TestServices.get().localStorageConfig(Map.of()));
  }

  @AfterAll
  static void stop() {
    s3App.close();
    localApp.close();
    vertx.close().await();
  }

  /** A WebM with one audio track, as MediaRecorder writes it, padded to {@code size}. */
  static byte[] webm(int size) {
    return chorus.support.Containers.webmAudio(size);
  }

  static JsonObject request(String type, long bytes) {
    return new JsonObject().put("contentType", type).put("bytes", bytes).put("durationMs", 12_000);
  }

  /** Asks for a target and uploads through it with a plain HTTP client, as a browser would. */
  static JsonObject upload(FanClient fan, byte[] body, String type) throws Exception {
    HttpResponse<Buffer> created = fan.post("/api/fan/recordings", request(type, body.length));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject target = created.bodyAsJsonObject();
    JsonObject upload = target.getJsonObject("upload");
    assertThat(upload.getString("method")).isEqualTo("PUT");
    assertThat(upload.getString("url")).doesNotContain(fan.token);
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.getString("url"))).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    upload.getJsonObject("headers").forEach(h -> {
      if (!h.getKey().equalsIgnoreCase("content-length")) put.header(h.getKey(), String.valueOf(h.getValue()));
    });
    var response = HttpClient.newHttpClient().send(put.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return target;
  }

  @Test
  void presignedS3UploadCompletesAndCompletingTwiceIsHarmless() throws Exception {
    FanClient fan = new FanClient(s3App.client);
    String id = upload(fan, webm(4096), "audio/webm;codecs=opus").getString("recordingId");
    HttpResponse<Buffer> done = fan.post("/api/fan/recordings/" + id + "/complete", new JsonObject());
    assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(200);
    assertThat(done.bodyAsJsonObject().getString("status")).isEqualTo("complete");
    assertThat(done.bodyAsJsonObject().getString("detected")).isEqualTo("audio/webm");
    HttpResponse<Buffer> again = fan.post("/api/fan/recordings/" + id + "/complete", new JsonObject());
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject()).isEqualTo(done.bodyAsJsonObject());
  }

  @Test
  void localUploadThroughTheAppCompletes() throws Exception {
    FanClient fan = new FanClient(localApp.client);
    String id = upload(fan, webm(10_000), "audio/webm").getString("recordingId");
    assertThat(fan.post("/api/fan/recordings/" + id + "/complete", new JsonObject()).statusCode()).isEqualTo(200);
    assertThat(fan.get("/api/fan").bodyAsJsonObject().getJsonArray("recordings").getJsonObject(0).getString("status")).isEqualTo("complete");
  }

  @Test
  void aNonAudioFileRenamedWebmIsRefusedAndDeleted() throws Exception {
    FanClient fan = new FanClient(s3App.client);
    byte[] png = Arrays.copyOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, 2048);
    String id = upload(fan, png, "audio/webm").getString("recordingId");
    assertProblem(fan.post("/api/fan/recordings/" + id + "/complete", new JsonObject()), 422, null);
    ObjectStorage storage = Storages.create(vertx, s3App.config);
    assertThat(storage.head("recordings/" + id + ".webm").await()).isNull();
    assertThat(storage.head("uploads/" + id + ".webm").await()).isNull();
    assertThat(fan.get("/api/fan").bodyAsJsonObject().getJsonArray("recordings")).isEmpty();
  }

  @Test
  void anUploadOfAnotherSizeThanAnnouncedIsRefused() throws Exception {
    FanClient fan = new FanClient(s3App.client);
    HttpResponse<Buffer> created = fan.post("/api/fan/recordings", request("audio/webm", 5000));
    String id = created.bodyAsJsonObject().getString("recordingId");
    Storages.create(vertx, s3App.config).put("uploads/" + id + ".webm", Buffer.buffer(webm(100)), "audio/webm").await();
    assertProblem(fan.post("/api/fan/recordings/" + id + "/complete", new JsonObject()), 422, null);
  }

  @Test
  void completingBeforeTheUploadIs409AndSomeoneElsesTakeIs404() {
    FanClient fan = new FanClient(s3App.client);
    String id = fan.post("/api/fan/recordings", request("audio/ogg", 5000)).bodyAsJsonObject().getString("recordingId");
    assertProblem(fan.post("/api/fan/recordings/" + id + "/complete", new JsonObject()), 409, null);
    assertProblem(new FanClient(s3App.client).post("/api/fan/recordings/" + id + "/complete", new JsonObject()), 404, null);
    assertProblem(fan.post("/api/fan/recordings/" + UUID.randomUUID() + "/complete", new JsonObject()), 404, null);
    assertProblem(fan.post("/api/fan/recordings/not-a-uuid/complete", new JsonObject()), 400, "recordingId");
  }

  @Test
  void aFanKeepsTheirLastThreeTakes() throws Exception {
    FanClient fan = new FanClient(s3App.client);
    String first = upload(fan, webm(1000), "audio/webm").getString("recordingId");
    for (int i = 0; i < 3; i++) upload(fan, webm(1000 + i), "audio/webm");
    var takes = fan.get("/api/fan").bodyAsJsonObject().getJsonArray("recordings");
    assertThat(takes).hasSize(3);
    assertThat(takes.stream().map(t -> ((JsonObject) t).getString("recordingId"))).doesNotContain(first);
    Thread.sleep(300);
    assertThat(Storages.create(vertx, s3App.config).head("recordings/" + first + ".webm").await()).isNull();
  }

  @Test
  void uploadRequestsOutsideTheLimitsAreRefused() {
    FanClient fan = new FanClient(s3App.client);
    assertProblem(fan.post("/api/fan/recordings", request("video/x-msvideo", 1000)), 400, "contentType");
    assertProblem(fan.post("/api/fan/recordings", request("audio/webm", 1L << 40)), 413, "bytes");
    assertProblem(fan.post("/api/fan/recordings", request("audio/webm", 1000).put("durationMs", 500)), 400, "durationMs");
    assertProblem(fan.post("/api/fan/recordings", request("audio/webm", 0)), 400, "bytes");
    assertProblem(s3App.client.post("/api/fan/recordings").sendJsonObject(request("audio/webm", 1000)).await(), 401, null);
  }

  /** The path of an upload URL (its signature changes from one answer to the next; the key it points at must not). */
  static String targetPath(JsonObject created) {
    return URI.create(created.getJsonObject("upload").getString("url")).getPath();
  }

  @Test
  void creatingTheSameTakeTwiceAnswersTheSameRecordingAndTarget() throws Exception {
    FanClient fan = new FanClient(s3App.client);
    String takeId = UUID.randomUUID().toString();
    HttpResponse<Buffer> first = fan.post("/api/fan/recordings", request("audio/webm", 4096).put("takeId", takeId));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> again = fan.post("/api/fan/recordings", request("audio/webm", 4096).put("takeId", takeId));
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("recordingId")).isEqualTo(first.bodyAsJsonObject().getString("recordingId"));
    assertThat(targetPath(again.bodyAsJsonObject())).isEqualTo(targetPath(first.bodyAsJsonObject())).contains(first.bodyAsJsonObject().getString("recordingId"));
    assertThat(fan.get("/api/fan").bodyAsJsonObject().getJsonArray("recordings")).hasSize(1);
    // the repeated answer's target works: upload through it and complete
    JsonObject upload = again.bodyAsJsonObject().getJsonObject("upload");
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.getString("url"))).PUT(HttpRequest.BodyPublishers.ofByteArray(webm(4096)));
    upload.getJsonObject("headers").forEach(h -> {
      if (!h.getKey().equalsIgnoreCase("content-length")) put.header(h.getKey(), String.valueOf(h.getValue()));
    });
    assertThat(HttpClient.newHttpClient().send(put.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    String id = again.bodyAsJsonObject().getString("recordingId");
    assertThat(fan.post("/api/fan/recordings/" + id + "/complete", new JsonObject()).statusCode()).isEqualTo(200);
    // created once more after completing: still the one take
    HttpResponse<Buffer> late = fan.post("/api/fan/recordings", request("audio/webm", 4096).put("takeId", takeId));
    assertThat(late.statusCode()).as(late.bodyAsString()).isEqualTo(200);
    assertThat(late.bodyAsJsonObject().getString("recordingId")).isEqualTo(id);
    assertThat(fan.get("/api/fan").bodyAsJsonObject().getJsonArray("recordings")).hasSize(1)
        .allSatisfy(t -> assertThat(((JsonObject) t).getString("status")).isEqualTo("complete"));
    // the same take id announcing another recording is a client bug, said so
    assertProblem(fan.post("/api/fan/recordings", request("audio/webm", 5000).put("takeId", takeId)), 409, null);
  }

  @Test
  void twoFansWithTheSameTakeIdGetTwoTakes() {
    String takeId = UUID.randomUUID().toString();
    FanClient one = new FanClient(s3App.client);
    FanClient two = new FanClient(s3App.client);
    HttpResponse<Buffer> a = one.post("/api/fan/recordings", request("audio/webm", 4096).put("takeId", takeId));
    HttpResponse<Buffer> b = two.post("/api/fan/recordings", request("audio/webm", 4096).put("takeId", takeId));
    assertThat(a.statusCode()).as(a.bodyAsString()).isEqualTo(201);
    assertThat(b.statusCode()).as(b.bodyAsString()).isEqualTo(201);
    assertThat(b.bodyAsJsonObject().getString("recordingId")).isNotEqualTo(a.bodyAsJsonObject().getString("recordingId"));
    assertThat(targetPath(b.bodyAsJsonObject())).isNotEqualTo(targetPath(a.bodyAsJsonObject()));
    assertThat(two.get("/api/fan").bodyAsJsonObject().getJsonArray("recordings")).hasSize(1);
  }

  @Test
  void theOffsetAndHowItWasMeasuredAreStored() {
    FanClient fan = new FanClient(s3App.client);
    String measured = fan.post("/api/fan/recordings", request("audio/webm", 4096).put("offsetMs", 1234).put("offsetMethod", "web-audio"))
        .bodyAsJsonObject().getString("recordingId");
    String plain = fan.post("/api/fan/recordings", request("audio/webm", 4096)).bodyAsJsonObject().getString("recordingId");
    io.vertx.sqlclient.Pool pool = chorus.db.Database.pool(vertx, s3App.config);
    try {
      var rows = pool.preparedQuery("SELECT id, offset_ms, offset_method FROM recordings WHERE id = ANY($1)")
          .execute(io.vertx.sqlclient.Tuple.of(new UUID[] {UUID.fromString(measured), UUID.fromString(plain)})).await();
      Map<String, String> stored = new java.util.HashMap<>();
      rows.forEach(r -> stored.put(r.getUUID(0).toString(), r.getInteger(1) + "/" + r.getString(2)));
      assertThat(stored).containsEntry(measured, "1234/web-audio").containsEntry(plain, "0/null");
    } finally {
      pool.close().await();
    }
  }

  @Test
  void aBadOffsetOrTakeIdIsA400Problem() {
    FanClient fan = new FanClient(s3App.client);
    assertProblem(fan.post("/api/fan/recordings", request("audio/webm", 1000).put("offsetMs", "soon")), 400, "offsetMs");
    assertProblem(fan.post("/api/fan/recordings", request("audio/webm", 1000).put("offsetMs", 1.5)), 400, "offsetMs");
    assertProblem(fan.post("/api/fan/recordings", request("audio/webm", 1000).put("offsetMs", 10_000_000)), 400, "offsetMs");
    assertProblem(fan.post("/api/fan/recordings", request("audio/webm", 1000).put("offsetMethod", "guess")), 400, "offsetMethod");
    assertProblem(fan.post("/api/fan/recordings", request("audio/webm", 1000).put("takeId", "take-1")), 400, "takeId");
    assertThat(fan.get("/api/fan").bodyAsJsonObject().getJsonArray("recordings")).isEmpty();
  }

  @Test
  void aTakeWhoseUploadExpiredIsA409NotA410() {
    FanClient fan = new FanClient(s3App.client);
    String takeId = UUID.randomUUID().toString();
    String id = fan.post("/api/fan/recordings", request("audio/webm", 4096).put("takeId", takeId)).bodyAsJsonObject().getString("recordingId");
    io.vertx.sqlclient.Pool pool = chorus.db.Database.pool(vertx, s3App.config);
    try {
      // what the upload sweeper does once the URL has expired
      pool.preparedQuery("UPDATE recordings SET status = 'expired', upload_key = NULL WHERE id = $1")
          .execute(io.vertx.sqlclient.Tuple.of(UUID.fromString(id))).await();
    } finally {
      pool.close().await();
    }
    // 410 would tell the page its fan id is dead; this is only the take, sent again under a new take id
    HttpResponse<Buffer> again = fan.post("/api/fan/recordings", request("audio/webm", 4096).put("takeId", takeId));
    assertProblem(again, 409, null);
    assertThat(again.bodyAsJsonObject().getString("type")).endsWith("upload-expired");
    assertThat(fan.post("/api/fan/recordings", request("audio/webm", 4096).put("takeId", UUID.randomUUID().toString())).statusCode())
        .isEqualTo(201);
  }
}
