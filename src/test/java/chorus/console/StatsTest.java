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
}
