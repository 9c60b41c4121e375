package chorus.artwork;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.FanClient;
import chorus.support.ShippedLimits;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Artwork abuse and privacy: keys that reveal nothing and belong to one fan, erasure of the fan's own images
 * and share pages (410), artworks per fan per day, the global render limit, limited and cached media misses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ArtworkHardeningTest {
  static Vertx vertx;
  static TestApp app;
  static ObjectStorage storage;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of("render.workers", 1, "artwork.perFanPerDay", 3,
        "ratelimit.file", ShippedLimits.file())));
    storage = Storages.create(vertx, app.config);
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  static JsonObject artwork(String name) {
    return new JsonObject().put("name", name).put("team", "aurora").put("lang", "en");
  }

  static String key(JsonObject made, String template) {
    return URI.create(made.getJsonObject("images").getJsonObject(template).getString("url")).getPath().substring(MediaHandler.PATH.length());
  }

  @Test
  void twoFansWithTheSameNameAndTeamOwnSeparateImagesAndErasingOneLeavesTheOther() {
    FanClient jane = new FanClient(app.client);
    FanClient other = new FanClient(app.client);
    HttpResponse<Buffer> a = jane.post("/api/fan/artwork", artwork("Jane Doe"));
    HttpResponse<Buffer> b = other.post("/api/fan/artwork", artwork("Jane Doe"));
    assertThat(a.statusCode()).isEqualTo(201);
    assertThat(b.statusCode()).isEqualTo(201);
    Set<String> janes = new HashSet<>();
    for (String t : new String[] {"cover", "facebook", "x", "story"}) {
      assertThat(key(a.bodyAsJsonObject(), t)).as(t).isNotEqualTo(key(b.bodyAsJsonObject(), t));
      janes.add(key(a.bodyAsJsonObject(), t));
    }
    String share = URI.create(a.bodyAsJsonObject().getString("shareUrl")).getPath();

    assertThat(jane.delete("/api/fan").statusCode()).isEqualTo(204);

    for (String k : janes) assertThat(storage.head(k).await()).as("the erased fan's image " + k).isNull();
    HttpResponse<Buffer> gone = app.client.get(share).send().await();
    assertThat(gone.statusCode()).as("the erased fan's share page").isEqualTo(410);
    assertThat(app.client.head(share).send().await().statusCode()).isEqualTo(410);
    for (String t : new String[] {"cover", "facebook", "x", "story"}) {
      assertThat(app.client.get(MediaHandler.PATH + key(b.bodyAsJsonObject(), t)).send().await().statusCode()).as("the other fan's " + t).isEqualTo(200);
    }
    assertThat(app.client.get(URI.create(b.bodyAsJsonObject().getString("shareUrl")).getPath()).send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void imageKeysCannotBeComputedFromNameAndTeamWithoutTheSecret() {
    FanClient fan = new FanClient(app.client);
    JsonObject made = fan.post("/api/fan/artwork", artwork("Secret Keyed")).bodyAsJsonObject();
    // the same fan and artwork drawn by a deployment with another secret is stored under other keys
    io.vertx.sqlclient.Pool pool = chorus.db.Database.pool(vertx, app.config);
    pool.preparedQuery("DELETE FROM artworks WHERE share_id = $1").execute(io.vertx.sqlclient.Tuple.of(made.getString("shareId"))).await();
    Vertx other = Vertx.vertx();
    TestApp otherApp = TestApp.start(other, TestServices.get().config(Map.of("render.workers", 1,
        "secret", "another-secret-another-secret-another-0123")));
    try {
      HttpResponse<Buffer> again = otherApp.client.post("/api/fan/artwork").putHeader("Authorization", "Bearer " + fan.token)
          .sendJsonObject(artwork("Secret Keyed")).await();
      assertThat(again.statusCode()).as(again.bodyAsString()).isIn(200, 201);
      assertThat(key(again.bodyAsJsonObject(), "cover")).isNotEqualTo(key(made, "cover"));
    } finally {
      otherApp.close();
      other.close().await();
    }
  }

  @Test
  void newArtworksPerFanPerDayAreBoundedButAskingAgainIsFree() {
    FanClient fan = new FanClient(app.client);
    JsonArray made = new JsonArray();
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> r = fan.post("/api/fan/artwork", artwork("Daily " + i));
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
      made.add(r.bodyAsJsonObject());
    }
    HttpResponse<Buffer> fourth = fan.post("/api/fan/artwork", artwork("Daily 3"));
    assertProblem(fourth, 429, null);
    assertThat(Long.parseLong(fourth.getHeader("Retry-After"))).isBetween(86_000L, 86_400L);
    HttpResponse<Buffer> again = fan.post("/api/fan/artwork", artwork("Daily 1"));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject()).isEqualTo(made.getJsonObject(1));
  }

  @Test
  void theShippedGlobalRenderLimitIsEnforcedNotDryRun() throws Exception {
    JsonObject shipped = new JsonObject(Files.readString(Path.of("conf/ratelimit.json")));
    JsonObject global = shipped.getJsonObject("policies").getJsonObject("render").getJsonArray("limits").stream()
        .map(JsonObject.class::cast).filter(l -> "global".equals(l.getString("key"))).findFirst().orElseThrow();
    assertThat(global.getBoolean("dryRun", false)).as("enforced").isFalse();
    // the same policy with a tiny budget: fans who each are well within their own limits are refused together
    Vertx v = Vertx.vertx();
    TestApp small = TestApp.start(v, TestServices.get().config(Map.of("render.workers", 1, "ratelimit.file", ShippedLimits.file(p -> {
      for (Object l : p.getJsonObject("policies").getJsonObject("render").getJsonArray("limits")) {
        JsonObject limit = (JsonObject) l;
        if ("global".equals(limit.getString("key"))) limit.put("rate", 2).put("burst", 2).put("period", "1h");
      }
    }))));
    try {
      int refused = 0;
      for (int i = 0; i < 4; i++) {
        HttpResponse<Buffer> r = new FanClient(small.client).post("/api/fan/artwork", artwork("Global " + i));
        if (r.statusCode() == 429) {
          refused++;
          assertThat(r.getHeader("RateLimit")).contains("render-all");
        } else {
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        }
      }
      assertThat(refused).isEqualTo(2);
    } finally {
      small.close();
      v.close().await();
    }
  }

  @Test
  @Order(1)
  void aRepeatedMissIsAnsweredFromMemoryWithoutSpendingTheMissBudget() {
    // more requests than the shipped media-miss burst (60): were each a storage read and a lookup, the limit would answer 429
    String probe = MediaHandler.PATH + "artwork/cd/" + "f".repeat(64) + ".jpg";
    for (int i = 0; i < 150; i++) assertProblem(app.client.get(probe).send().await(), 404, null);
  }

  @Test
  @Order(Integer.MAX_VALUE) // spends this address's media-miss budget: last
  void mediaMissesAreLimitedPerAddress() {
    int notFound = 0;
    HttpResponse<Buffer> limited = null;
    for (int i = 0; i < 200 && limited == null; i++) {
      String probe = MediaHandler.PATH + "artwork/ab/" + String.format("%064x", i) + ".jpg";
      HttpResponse<Buffer> r = app.client.get(probe).send().await();
      if (r.statusCode() == 429) limited = r;
      else {
        assertProblem(r, 404, null);
        notFound++;
      }
    }
    assertThat(limited).as("misses run into the media-miss limit").isNotNull();
    assertThat(notFound).isBetween(30, 100);
    assertThat(limited.getHeader("Retry-After")).isNotNull();
  }
}
