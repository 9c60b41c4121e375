package chorus.console;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /console/api/stats}: totals, series per hour and day, breakdowns; shared through Redis. */
class StatsTest {
  static Vertx vertx;
  static TestApp app;
  static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of()));
    pool = ConsoleFixture.pool(app);
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  @Test
  void theFiguresCountWhatIsThereAndAreSharedUntilStale() {
    String country = "Q" + (char) ('A' + (int) (Math.random() * 26));
    String team = ConsoleData.team();
    for (int i = 0; i < 3; i++) {
      Buffer fan = ConsoleData.fan(pool, country);
      ConsoleData.subscribe(pool, fan, "nl", team, i < 2);
      ConsoleData.take(pool, fan, i == 0 ? "clipped" : "ok", OffsetDateTime.now());
    }
    // a clean slate for this test's cache keys (other classes may have asked already)
    io.vertx.redis.client.RedisAPI redis = io.vertx.redis.client.RedisAPI.api(io.vertx.redis.client.Redis.createClient(vertx, app.config.string("redis.url")));
    redis.del(java.util.List.of("chorus:console:stats:hour:48", "chorus:console:stats:day:30")).await();
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    JsonObject day = mod.get("/console/api/stats").bodyAsJsonObject();
    assertThat(day.getString("bucket")).isEqualTo("day");
    assertThat(day.getJsonObject("byTeam").getLong(team)).isEqualTo(3L);
    assertThat(day.getJsonObject("byCountry").getLong(country)).isGreaterThanOrEqualTo(3L);
    JsonObject totals = day.getJsonObject("totals");
    assertThat(totals.getLong("fans")).isGreaterThanOrEqualTo(3L);
    assertThat(totals.getJsonObject("takesByVerdict").getLong("clipped")).isGreaterThanOrEqualTo(1L);
    assertThat(totals.getJsonObject("subscriptionsByState").getLong("confirmed")).isGreaterThanOrEqualTo(2L);
    assertThat(totals.getJsonObject("subscriptionsByState").getLong("unconfirmed")).isGreaterThanOrEqualTo(1L);
    var fansToday = day.getJsonObject("series").getJsonArray("fans");
    assertThat(fansToday.getJsonArray(fansToday.size() - 1).getLong(1)).isGreaterThanOrEqualTo(3L);
    JsonObject hour = mod.get("/console/api/stats?bucket=hour").bodyAsJsonObject();
    assertThat(hour.getJsonObject("series").getJsonArray("takes")).isNotEmpty();
    // the second answer is the cached one (same computedAt), though a new fan has come since
    ConsoleData.fan(pool, country);
    assertThat(mod.get("/console/api/stats").bodyAsJsonObject().getString("computedAt")).isEqualTo(day.getString("computedAt"));
    assertProblem(mod.get("/console/api/stats?bucket=week"), 400, null);
    assertProblem(new ConsoleClient(app.client).get("/console/api/stats"), 401, null);
  }

  @Test
  void everyFigureMovesByExactlyWhatHappened() {
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    JsonObject before = fresh(mod);
    String team = ConsoleData.team();
    Buffer confirmed = ConsoleData.fan(pool, "QZ");
    ConsoleData.subscribe(pool, confirmed, "ko", team, true);
    Buffer unsubscribed = ConsoleData.fan(pool, "QZ");
    String gone = ConsoleData.subscribe(pool, unsubscribed, "ko", team, true);
    pool.preparedQuery("UPDATE subscriptions SET unsubscribed_at = now() WHERE email = $1").execute(io.vertx.sqlclient.Tuple.of(gone)).await();
    Buffer bounced = ConsoleData.fan(pool, "QZ");
    String bouncing = ConsoleData.subscribe(pool, bounced, "ko", team, false);
    pool.preparedQuery("INSERT INTO mail_suppressions (email, reason) VALUES (lower($1), 'bounce')").execute(io.vertx.sqlclient.Tuple.of(bouncing)).await();
    pool.preparedQuery("INSERT INTO contest_entries (email, fan_key, terms_version) SELECT email, fan_key, 'v1' FROM subscriptions WHERE fan_key = $1")
        .execute(io.vertx.sqlclient.Tuple.of(confirmed)).await();
    pool.preparedQuery("INSERT INTO artworks (share_id, fan_key, render_key, name, team, lang, images) VALUES ($1, $2, 'r', 'Fan', $3, 'ko', '{}')")
        .execute(io.vertx.sqlclient.Tuple.of("stats-" + java.util.UUID.randomUUID(), confirmed, team)).await();
    for (String status : new String[] {"sent", "sent", "failed"}) {
      pool.preparedQuery("INSERT INTO mail_outbox (fan_key, kind, email, lang, message_id, status) VALUES ($1, 'welcome', 'x@example.test', 'ko', $2, $3)")
          .execute(io.vertx.sqlclient.Tuple.of(confirmed, "<" + java.util.UUID.randomUUID() + "@stats.test>", status)).await();
    }
    java.util.UUID approved = ConsoleData.take(pool, confirmed, "ok", OffsetDateTime.now());
    java.util.UUID rejected = ConsoleData.take(pool, unsubscribed, "bleed", OffsetDateTime.now());
    pool.preparedQuery("UPDATE recordings SET decision = CASE WHEN id = $1 THEN 'approved' ELSE 'rejected' END, decided_at = now() WHERE id IN ($1, $2)")
        .execute(io.vertx.sqlclient.Tuple.of(approved, rejected)).await();

    JsonObject after = fresh(mod);
    JsonObject t0 = before.getJsonObject("totals");
    JsonObject t1 = after.getJsonObject("totals");
    assertThat(t1.getLong("fans") - t0.getLong("fans")).isEqualTo(3);
    assertThat(t1.getLong("entries") - t0.getLong("entries")).isEqualTo(1);
    assertThat(t1.getLong("artworks") - t0.getLong("artworks")).isEqualTo(1);
    assertThat(t1.getLong("mailsSent") - t0.getLong("mailsSent")).isEqualTo(2);
    assertThat(t1.getLong("mailsFailed") - t0.getLong("mailsFailed")).isEqualTo(1);
    assertThat(delta(t0, t1, "subscriptionsByState", "confirmed")).isEqualTo(1);
    assertThat(delta(t0, t1, "subscriptionsByState", "unsubscribed")).isEqualTo(1);
    assertThat(delta(t0, t1, "subscriptionsByState", "bounced")).isEqualTo(1);
    assertThat(delta(t0, t1, "takesByVerdict", "ok")).isEqualTo(1);
    assertThat(delta(t0, t1, "takesByVerdict", "bleed")).isEqualTo(1);
    assertThat(delta(t0, t1, "takesByDecision", "approved")).isEqualTo(1);
    assertThat(delta(t0, t1, "takesByDecision", "rejected")).isEqualTo(1);
    assertThat(count(after, "byLanguage", "ko") - count(before, "byLanguage", "ko")).isEqualTo(3);
    assertThat(count(after, "byTeam", team)).isEqualTo(3);
    assertThat(count(after, "byCountry", "QZ") - count(before, "byCountry", "QZ")).isEqualTo(3);
  }

  /** The figures computed now (the cached answer dropped first). */
  private static JsonObject fresh(ConsoleClient c) {
    io.vertx.redis.client.RedisAPI redis = io.vertx.redis.client.RedisAPI.api(io.vertx.redis.client.Redis.createClient(vertx, app.config.string("redis.url")));
    redis.del(java.util.List.of("chorus:console:stats:day:30")).await();
    var r = c.get("/console/api/stats");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static long delta(JsonObject before, JsonObject after, String group, String key) {
    return count(after, group, key) - count(before, group, key);
  }

  private static long count(JsonObject o, String group, String key) {
    JsonObject g = o.getJsonObject(group);
    Long n = g == null ? null : g.getLong(key);
    return n == null ? 0 : n;
  }
}
