package chorus.fan;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.Audio;
import chorus.support.FanClient;
import chorus.support.RawHttp;
import chorus.support.ShippedLimits;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fan journey at the API on the policies as shipped ({@code conf/ratelimit.json}): recording again and
 * again is never locked out, and a take whose bytes went up is never stranded by a limit.
 */
class ShippedLimitsJourneyTest {
  static Vertx vertx;
  static TestApp s3App;
  static TestApp localApp;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    s3App = TestApp.start(vertx, TestServices.get().config(Map.of("ratelimit.file", ShippedLimits.file())));
    localApp = TestApp.start(vertx, TestServices.get().localStorageConfig(Map.of("ratelimit.file", ShippedLimits.file())));
  }

  @AfterAll
  static void stop() {
    s3App.close();
    localApp.close();
    vertx.close().await();
  }

  static JsonObject create(FanClient fan, byte[] take) {
    HttpResponse<Buffer> created = fan.post("/api/fan/recordings",
        new JsonObject().put("contentType", "audio/wav").put("bytes", take.length).put("durationMs", 6000));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  static int put(JsonObject created, byte[] take) throws Exception {
    JsonObject upload = created.getJsonObject("upload");
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.getString("url"))).PUT(HttpRequest.BodyPublishers.ofByteArray(take));
    upload.getJsonObject("headers").forEach(h -> {
      if (!h.getKey().equalsIgnoreCase("content-length") && !h.getKey().equalsIgnoreCase("host")) put.header(h.getKey(), String.valueOf(h.getValue()));
    });
    return HTTP.send(put.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  static HttpResponse<Buffer> complete(FanClient fan, JsonObject created) {
    return fan.post("/api/fan/recordings/" + created.getString("recordingId") + "/complete", new JsonObject());
  }

  void oneFanRecordsSixTakesInARow(TestApp app) throws Exception {
    FanClient fan = new FanClient(app.client);
    assertThat(fan.get("/api/fan").statusCode()).isEqualTo(200);
    long start = System.nanoTime();
    for (int i = 0; i < 6; i++) {
      byte[] take = Audio.wav(5.5 + i * 0.1, 440);
      JsonObject created = create(fan, take);
      assertThat(put(created, take)).as("PUT of take " + i).isEqualTo(200);
      HttpResponse<Buffer> done = complete(fan, created);
      assertThat(done.statusCode()).as("take " + i + ": " + done.bodyAsString()).isEqualTo(200);
      assertThat(done.bodyAsJsonObject().getString("status")).isEqualTo("complete");
      assertThat(fan.get("/api/fan").statusCode()).isEqualTo(200);
    }
    assertThat((System.nanoTime() - start) / 1e9).as("six takes well within two minutes").isLessThan(120);
  }

  @Test
  void oneFanRecordsSixTakesInARowOnS3() throws Exception {
    oneFanRecordsSixTakesInARow(s3App);
  }

  @Test
  void oneFanRecordsSixTakesInARowOnLocalStorage() throws Exception {
    oneFanRecordsSixTakesInARow(localApp);
  }

  @Test
  void completingAndPuttingAGrantedTargetNeverCountAsNewTakesAndAreNeverStranded() throws Exception {
    FanClient fan = new FanClient(localApp.client);
    List<JsonObject> granted = new ArrayList<>();
    List<byte[]> takes = new ArrayList<>();
    HttpResponse<Buffer> refused = null;
    // ask for targets until the per-fan take budget says no (the fan keeps its newest three takes)
    for (int i = 0; i < 40 && refused == null; i++) {
      byte[] take = Audio.wav(5.5 + i * 0.01, 330);
      HttpResponse<Buffer> r = fan.post("/api/fan/recordings",
          new JsonObject().put("contentType", "audio/wav").put("bytes", take.length).put("durationMs", 6000));
      if (r.statusCode() == 429) refused = r;
      else {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        granted.add(r.bodyAsJsonObject());
        takes.add(take);
      }
    }
    assertThat(refused).as("the per-fan take budget ends somewhere").isNotNull();
    assertThat(granted.size()).as("at least five takes in a row").isGreaterThanOrEqualTo(5);
    assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).isPositive();
    assertThat(refused.getHeader("RateLimit")).contains("upload-fan");
    // the newest targets (the ones the fan still keeps) upload and complete although no new take is allowed now
    for (int i = granted.size() - 3; i < granted.size(); i++) {
      assertThat(put(granted.get(i), takes.get(i))).isEqualTo(200);
      assertThat(put(granted.get(i), takes.get(i))).as("a repeated PUT of a granted target").isIn(200, 403, 409, 412);
      HttpResponse<Buffer> done = complete(fan, granted.get(i));
      assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(200);
      assertThat(done.getHeader("RateLimit")).doesNotContain("upload-");
      assertThat(complete(fan, granted.get(i)).statusCode()).as("completing twice").isEqualTo(200);
    }
  }

  @Test
  void repeatingTheCreateOfATakeWhoseAnswerWasLostSpendsNoTakeBudget() {
    FanClient fan = new FanClient(localApp.client);
    JsonObject last = null;
    HttpResponse<Buffer> refused = null;
    for (int i = 0; i < 40 && refused == null; i++) {
      JsonObject body = new JsonObject().put("contentType", "audio/wav").put("bytes", 100_000 + i).put("durationMs", 6000)
          .put("takeId", UUID.randomUUID().toString());
      HttpResponse<Buffer> r = fan.post("/api/fan/recordings", body);
      if (r.statusCode() == 429) refused = r;
      else {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        last = body.put("recordingId", r.bodyAsJsonObject().getString("recordingId"));
      }
    }
    assertThat(refused).as("the take budget ends").isNotNull();
    assertThat(last).isNotNull();
    String recordingId = (String) last.remove("recordingId");
    // a bad network: the page sends the newest take's create again and again; each answer is that same take
    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> again = fan.post("/api/fan/recordings", last);
      assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(200);
      assertThat(again.bodyAsJsonObject().getString("recordingId")).isEqualTo(recordingId);
      assertThat(again.getHeader("RateLimit")).as("no take budget asked").doesNotContain("upload-");
    }
    HttpResponse<Buffer> another = fan.post("/api/fan/recordings", last.copy().put("takeId", UUID.randomUUID().toString()));
    assertThat(another.statusCode()).as("a new take is still over the budget").isEqualTo(429);
    assertThat(another.getHeader("RateLimit")).contains("upload-fan");
  }

  @Test
  void oneHundredFansBehindOneAddressAllGetIn() {
    for (int i = 0; i < 100; i++) {
      FanClient fan = new FanClient(s3App.client);
      HttpResponse<Buffer> r = fan.post("/api/fan/subscription",
          FanClient.subscription("nat-" + UUID.randomUUID() + "@example.com", "Fan " + i));
      assertThat(r.statusCode()).as("fan " + i + ": " + r.bodyAsString()).isEqualTo(201);
      assertThat(fan.post("/api/fan/recordings", new JsonObject().put("contentType", "audio/wav").put("bytes", 2000)
          .put("durationMs", 6000)).statusCode()).as("take of fan " + i).isEqualTo(201);
    }
  }

  @Test
  void aBearerWithTrailingWhitespaceIsLimitedAsTheSameFan() throws Exception {
    String token = UUID.randomUUID().toString();
    var plain = RawHttp.send(s3App.port(), "GET /api/fan HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token);
    var spaced = RawHttp.send(s3App.port(), "GET /api/fan HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "  ");
    assertThat(spaced.status()).isEqualTo(200);
    String plainFan = remaining(plain.header("RateLimit"), "default-fan");
    String spacedFan = remaining(spaced.header("RateLimit"), "default-fan");
    assertThat(Integer.parseInt(spacedFan)).as("the second call counts against the same fan bucket").isEqualTo(Integer.parseInt(plainFan) - 1);
  }

  static String remaining(String header, String name) {
    assertThat(header).contains("\"" + name + "\"");
    String part = header.substring(header.indexOf("\"" + name + "\""));
    return part.replaceAll("^[^;]*;r=(\\d+).*$", "$1");
  }

  @Test
  void aFansDataExportIsBoundedPerFanOnTheShippedLimits() {
    FanClient fan = new FanClient(localApp.client);
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<Buffer> refused = null;
    for (int i = 0; i < 6 && refused == null; i++) {
      HttpResponse<Buffer> r = fan.get("/api/fan/export");
      statuses.add(r.statusCode());
      if (r.statusCode() == 429) refused = r;
    }
    // every export reads all of the fan's takes from storage: a burst of 3, then one every 10 minutes
    assertThat(statuses).as("statuses").startsWith(200, 200, 200).endsWith(429).hasSize(4);
    assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(60L, 600L);
    assertThat(new FanClient(localApp.client).get("/api/fan/export").statusCode()).as("another fan is not held back").isEqualTo(200);
  }
}
