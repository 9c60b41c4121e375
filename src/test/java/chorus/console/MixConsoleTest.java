package chorus.console;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.Audio;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chorus mix through the console, with the app's job worker running: a decision sets off the take's
 * alignment and preview, an admin defines a group and mixes it to a downloadable WAV, the list shows each mix's
 * inputs, and a person nudges a take the aligner was unsure of and hears it again.
 */
class MixConsoleTest {
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

  /** A completed, undecided take of verdict ok whose producer FLAC (a tone) is in storage. */
  static UUID take(String country, String team, double hz) {
    Buffer fan = ConsoleData.fan(pool, country);
    ConsoleData.subscribe(pool, fan, "fr", team, true);
    UUID id = ConsoleData.take(pool, fan, "ok", OffsetDateTime.now().minusMinutes(1));
    storage.put("producer/" + id + ".flac", Buffer.buffer(Audio.flac(4, hz)), "audio/flac").await();
    return id;
  }

  static Row row(UUID id) {
    return pool.preparedQuery("SELECT * FROM recordings WHERE id = $1").execute(Tuple.of(id)).await().iterator().next();
  }

  static void waitFor(String what, Supplier<Boolean> done) throws InterruptedException {
    long until = System.currentTimeMillis() + 120_000;
    while (!done.get()) {
      assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(until);
      Thread.sleep(200);
    }
  }

  static byte[] download(String url) throws Exception {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }

  @Test
  void approvingATakeAlignsItAndRendersItsPreviewAndRejectingRemovesIt() throws Exception {
    UUID id = take("FR", ConsoleData.team(), 440);
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    var approved = mod.post("/console/api/takes/" + id + "/decision", new JsonObject().put("decision", "approve"));
    assertThat(approved.statusCode()).as(approved.bodyAsString()).isEqualTo(200);
    waitFor("alignment and preview", () -> row(id).getValue("align_method") != null && row(id).getString("preview_key") != null);
    Row r = row(id);
    assertThat(r.getInteger("aligned_offset_ms")).isNotNull();
    assertThat(r.getFloat("align_confidence")).isNotNull().isBetween(0f, 1f);
    byte[] preview = storage.get(r.getString("preview_key")).await().getBytes();
    assertThat(new String(preview, 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftyp");

    var rejected = mod.post("/console/api/takes/" + id + "/decision", new JsonObject().put("decision", "reject").put("reason", "off key"));
    assertThat(rejected.statusCode()).as(rejected.bodyAsString()).isEqualTo(200);
    String key = r.getString("preview_key");
    waitFor("the preview to go", () -> row(id).getString("preview_key") == null);
    assertThat(storage.head(key).await()).isNull();
  }

  @Test
  void bulkApprovalAlignsAndPreviewsEveryApprovedTake() throws Exception {
    String team = ConsoleData.team();
    UUID a = take("DE", team, 330), b = take("DE", team, 550);
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    var bulk = mod.post("/console/api/takes/approve", new JsonObject().put("recordingIds", new JsonArray().add(a.toString()).add(b.toString())));
    assertThat(bulk.statusCode()).as(bulk.bodyAsString()).isEqualTo(200);
    for (UUID id : new UUID[] {a, b}) {
      waitFor("alignment and preview of " + id, () -> row(id).getValue("align_confidence") != null && row(id).getString("preview_key") != null);
    }
  }

  @Test
  void anAdminMixesAGroupToAWavAMemberDownloads() throws Exception {
    String team = ConsoleData.team(), other = ConsoleData.team();
    UUID a = take("PT", team, 440), b = take("PT", team, 660), outside = take("PT", other, 880);
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    assertThat(mod.post("/console/api/takes/approve", new JsonObject().put("recordingIds", new JsonArray().add(a.toString())
        .add(b.toString()).add(outside.toString()))).statusCode()).isEqualTo(200);

    String group = "g-" + team;
    JsonObject def = new JsonObject().put("name", group).put("team", team);
    assertProblem(mod.post("/console/api/mix-groups", def), 403, null);
    var defined = admin.post("/console/api/mix-groups", def);
    assertThat(defined.statusCode()).as(defined.bodyAsString()).isEqualTo(200);
    assertProblem(admin.post("/console/api/mix-groups", new JsonObject().put("name", "Not A Name").put("team", team)), 400, "name");
    assertProblem(admin.post("/console/api/mix-groups", new JsonObject().put("name", "nothing")), 400, null);
    assertThat(mod.get("/console/api/mix-groups").bodyAsJsonObject().getJsonArray("groups").stream()
        .map(o -> ((JsonObject) o).getString("name"))).contains(group);

    assertProblem(mod.post("/console/api/mixes", new JsonObject().put("group", group)), 403, null);
    assertProblem(admin.post("/console/api/mixes", new JsonObject().put("group", "no-such-group")), 400, "group");
    assertThat(admin.postWithoutToken("/console/api/mixes", new JsonObject().put("group", group)).statusCode()).isEqualTo(403);
    assertThat(new ConsoleClient(app.client).get("/console/api/mixes").statusCode()).isEqualTo(401);
    var started = admin.post("/console/api/mixes", new JsonObject().put("group", group));
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
    String mixId = started.bodyAsJsonObject().getString("mixId");

    JsonObject[] status = new JsonObject[1];
    waitFor("the mix to finish", () -> {
      status[0] = mod.get("/console/api/mixes/" + mixId).bodyAsJsonObject();
      assertThat(status[0].getString("state")).isNotEqualTo("failed");
      return "done".equals(status[0].getString("state"));
    });
    assertThat(status[0].getInteger("done")).isEqualTo(status[0].getInteger("total")).isPositive();
    assertThat(status[0].getInteger("takes")).isEqualTo(2);
    JsonArray stems = status[0].getJsonArray("stems");
    assertThat(stems.stream().map(o -> ((JsonObject) o).getString("format"))).containsExactlyInAnyOrder("wav", "flac");
    JsonObject wav = stems.stream().map(o -> (JsonObject) o).filter(s -> s.getString("format").equals("wav")).findFirst().orElseThrow();
    assertThat(wav.getString("name")).isEqualTo(group);
    byte[] bytes = download(wav.getString("url"));
    ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(bytes, 0, 4)).isEqualTo("RIFF");
    assertThat(new String(bytes, 8, 4)).isEqualTo("WAVE");
    assertThat(h.getShort(22)).as("channels").isEqualTo((short) 2);
    assertThat(h.getInt(24)).as("sample rate").isEqualTo(48_000);
    assertThat(h.getShort(34)).as("bits").isEqualTo((short) 24);

    JsonObject listed = mod.get("/console/api/mixes").bodyAsJsonObject().getJsonArray("mixes").stream().map(o -> (JsonObject) o)
        .filter(m -> m.getString("mixId").equals(mixId)).findFirst().orElseThrow();
    assertThat(listed.getInteger("takes")).isEqualTo(2);
    assertThat(listed.getString("state")).isEqualTo("done");
    assertThat(OffsetDateTime.parse(listed.getString("cutoffAt"))).isBefore(OffsetDateTime.now().plusSeconds(1));
    assertThat(listed.getBoolean("containsErased")).isFalse();

    JsonArray audit = admin.get("/console/api/audit?target=mix:" + mixId).bodyAsJsonObject().getJsonArray("entries");
    assertThat(audit.getJsonObject(0).getString("action")).isEqualTo("mix.start");
    assertThat(audit.getJsonObject(0).getString("actor")).isEqualTo(admin.email);
    assertThat(admin.get("/console/api/audit?target=group:" + group).bodyAsJsonObject().getJsonArray("entries").getJsonObject(0)
        .getString("action")).isEqualTo("mix.group");

    // a fan in the mix erased since: the mix says so
    pool.preparedQuery("DELETE FROM recordings WHERE id = $1").execute(Tuple.of(a)).await();
    JsonObject after = mod.get("/console/api/mixes/" + mixId).bodyAsJsonObject();
    assertThat(after.getBoolean("containsErased")).isTrue();
    assertProblem(mod.get("/console/api/mixes/" + UUID.randomUUID()), 404, null);
    assertProblem(mod.get("/console/api/mixes/not-a-uuid"), 400, null);
  }

  @Test
  void badInputToTheMixApiIsAProblem() {
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    assertProblem(admin.post("/console/api/mixes", new JsonObject().put("group", 5)), 400, null);
    assertProblem(admin.post("/console/api/mixes", new JsonObject().put("stem", "x")), 400, null);
    assertProblem(admin.post("/console/api/mix-groups", new JsonObject().put("name", "paris").put("country", "FRA")), 400, null);
    assertProblem(admin.post("/console/api/mix-groups", new JsonObject().put("name", "everybody").put("team", "aurora")), 400, "name");
    assertProblem(admin.get("/console/api/mixes?limit=0"), 400, null);
    assertProblem(admin.get("/console/api/alignments?limit=abc"), 400, null);
    UUID id = UUID.randomUUID();
    assertProblem(admin.post("/console/api/alignments/" + id + "/nudge", new JsonObject().put("deltaMs", "ten")), 400, null);
    assertProblem(admin.post("/console/api/alignments/" + id + "/nudge", new JsonObject()), 400, null);
    assertProblem(admin.post("/console/api/alignments/not-a-uuid/nudge", new JsonObject().put("deltaMs", 10)), 400, null);
    assertProblem(admin.post("/console/api/alignments/" + id + "/nudge", new JsonObject().put("deltaMs", 10)), 404, null);
  }

  @Test
  void aMixOfAGroupWithoutApprovedTakesIsRefused() {
    String team = ConsoleData.team();
    take("PL", team, 440); // undecided
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    String group = "empty-" + team;
    assertThat(admin.post("/console/api/mix-groups", new JsonObject().put("name", group).put("team", team)).statusCode()).isEqualTo(200);
    assertProblem(admin.post("/console/api/mixes", new JsonObject().put("group", group)), 409, null);
  }

  @Test
  void aPersonNudgesAnUnsureTakeAndHearsItAtTheNewOffset() throws Exception {
    UUID id = take("BE", ConsoleData.team(), 500);
    pool.preparedQuery("UPDATE recordings SET decision = 'approved', decided_at = now(), aligned_offset_ms = 900, align_confidence = 0.05,"
        + " align_method = 'guide', needs_review = true WHERE id = $1").execute(Tuple.of(id)).await();
    UUID undecided = take("BE", ConsoleData.team(), 500);
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    JsonObject listed = mod.get("/console/api/alignments?limit=200").bodyAsJsonObject().getJsonArray("takes").stream().map(o -> (JsonObject) o)
        .filter(t -> t.getString("recordingId").equals(id.toString())).findFirst().orElseThrow();
    assertThat(listed.getBoolean("needsReview")).isTrue();
    assertThat(listed.getInteger("offsetMs")).isEqualTo(120);
    assertThat(listed.getDouble("confidence")).isEqualTo(0.05);

    assertProblem(mod.post("/console/api/alignments/" + id + "/nudge", new JsonObject().put("deltaMs", 5000)), 400, null);
    assertProblem(mod.post("/console/api/alignments/" + undecided + "/nudge", new JsonObject().put("deltaMs", 10)), 404, null);
    assertThat(mod.postWithoutToken("/console/api/alignments/" + id + "/nudge", new JsonObject().put("deltaMs", 40)).statusCode()).isEqualTo(403);
    var nudged = mod.post("/console/api/alignments/" + id + "/nudge", new JsonObject().put("deltaMs", 40));
    assertThat(nudged.statusCode()).as(nudged.bodyAsString()).isEqualTo(200);
    // an unsure take sits at the browser's offset (120 ms) until nudged: the nudge moves it from there
    assertThat(nudged.bodyAsJsonObject().getInteger("offsetMs")).isEqualTo(160);

    JsonObject[] one = new JsonObject[1];
    waitFor("the preview at the nudged offset", () -> {
      one[0] = mod.get("/console/api/alignments/" + id).bodyAsJsonObject();
      return one[0].getString("previewUrl") != null;
    });
    assertThat(one[0].getString("method")).isEqualTo("nudge");
    assertThat(one[0].getBoolean("needsReview")).isFalse();
    assertThat(one[0].getInteger("alignedOffsetMs")).isEqualTo(160);
    assertThat(one[0].getInteger("nudgeMs")).isEqualTo(40);
    assertThat(new String(download(one[0].getString("previewUrl")), 4, 4)).isEqualTo("ftyp");
    assertThat(mod.get("/console/api/alignments?limit=200").bodyAsJsonObject().encode()).doesNotContain(id.toString());

    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    JsonObject entry = admin.get("/console/api/audit?target=" + id).bodyAsJsonObject().getJsonArray("entries").getJsonObject(0);
    assertThat(entry.getString("action")).isEqualTo("take.nudge");
    assertThat(entry.getString("actor")).isEqualTo(mod.email);
    assertThat(entry.getJsonObject("details").getInteger("deltaMs")).isEqualTo(40);
    assertThat(entry.getJsonObject("details").getInteger("offsetMs")).isEqualTo(160);
    assertProblem(mod.get("/console/api/alignments/" + UUID.randomUUID()), 404, null);
  }
}
