package chorus.ratelimit;

import static chorus.ratelimit.TestConfig.config;
import static chorus.ratelimit.TestConfig.group;
import static chorus.ratelimit.TestConfig.limit;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Redis stopped, restarted, slow, or without the script: requests are still answered, and sharing comes back. */
@ExtendWith(VertxExtension.class)
class RedisTroubleTest {

  private TestRedis redis;

  @BeforeEach
  void startRedis() {
    redis = new TestRedis();
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  private static int status(WebClient client, TestApp app) throws Exception {
    return client.get(app.port(), "127.0.0.1", "/g").send().await(10, TimeUnit.SECONDS).statusCode();
  }

  private static void awaitRedisUp(TestApp... apps) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (TestApp app : apps) {
      while (!app.limiter.redisUp() && System.nanoTime() < deadline) Thread.sleep(20);
      assertThat(app.limiter.redisUp()).as("limiter back on Redis").isTrue();
    }
  }

  /** Sends requests until one is decided by Redis (a loaded machine can make the first ones miss the budget). */
  private static void awaitFromRedis(WebClient client, TestApp app) throws Exception {
    for (int i = 0; i < 20; i++) {
      double before = app.count(RateLimitMetrics.REQUESTS, "policy", "g", "outcome", "allowed", "source", "redis");
      assertThat(status(client, app)).isEqualTo(200);
      if (app.count(RateLimitMetrics.REQUESTS, "policy", "g", "outcome", "allowed", "source", "redis") > before) return;
      awaitRedisUp(app);
    }
    throw new AssertionError("no check was answered by Redis");
  }

  @Test
  void redisStoppedFallsBackPerInstanceAndRestartedSharesAgain(Vertx vertx) throws Exception {
    JsonObject conf = config(new JsonObject().put("g", group(limit("ip", "ip", 2, "1m", 2))), 2000);
    try (TestApp a = new TestApp(vertx, redis.uri(), conf); TestApp b = new TestApp(vertx, redis.uri(), conf)) {
      WebClient client = WebClient.create(vertx);
      assertThat(status(client, a)).isEqualTo(200);
      assertThat(status(client, b)).isEqualTo(200);
      assertThat(status(client, a)).isEqualTo(429); // shared: 2 in total

      redis.stop();
      // still answered: each instance now limits on its own, with the same policy; after three failures
      // in a row instance A stops trying Redis for every request
      assertThat(new int[] {status(client, a), status(client, a), status(client, a), status(client, a), status(client, b)})
          .containsExactly(200, 200, 429, 429, 200);
      assertThat(a.limiter.redisUp()).isFalse();
      assertThat(b.limiter.redisUp()).as("one failure is not an outage").isTrue();
      assertThat(a.count(RateLimitMetrics.FALLBACK, "policy", "g", "reason", "error")).isEqualTo(3);
      assertThat(a.count(RateLimitMetrics.FALLBACK, "policy", "g", "reason", "redis_down")).isEqualTo(1);
      assertThat(a.count(RateLimitMetrics.REQUESTS, "policy", "g", "outcome", "limited", "source", "local")).isEqualTo(2);

      redis.start(); // empty again: no data, no cached script
      awaitRedisUp(a, b);
      assertThat(new int[] {status(client, b), status(client, a), status(client, b), status(client, a)})
          .containsExactly(200, 200, 429, 429);
      assertThat(a.count(RateLimitMetrics.REQUESTS, "policy", "g", "outcome", "limited", "source", "redis")).isEqualTo(2);
      assertThat(b.count(RateLimitMetrics.REQUESTS, "policy", "g", "outcome", "limited", "source", "redis")).isEqualTo(1);
    }
  }

  @Test
  void slowRedisIsAbandonedAfterTheBudgetAndUsedAgainWhenItAnswers(Vertx vertx) throws Exception {
    JsonObject conf = config(new JsonObject().put("g", group(limit("ip", "ip", 100, "1m", 100))), 200);
    conf.getJsonObject("redis").put("failuresBeforeFallback", 1);
    Redis blocker = Redis.createClient(vertx, redis.uri());
    try (TestApp app = new TestApp(vertx, redis.uri(), conf)) {
      WebClient client = WebClient.create(vertx);
      awaitFromRedis(client, app); // warm: connection made, script cached
      double timeouts = app.count(RateLimitMetrics.FALLBACK, "policy", "g", "reason", "timeout");
      double local = app.count(RateLimitMetrics.REQUESTS, "policy", "g", "outcome", "allowed", "source", "local");
      double shared = app.count(RateLimitMetrics.REQUESTS, "policy", "g", "outcome", "allowed", "source", "redis");
      var sleeping = blocker.send(Request.cmd(Command.DEBUG).arg("SLEEP").arg("1.2"));
      Thread.sleep(100); // let Redis start sleeping
      long start = System.nanoTime();
      assertThat(status(client, app)).isEqualTo(200);
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(app.count(RateLimitMetrics.FALLBACK, "policy", "g", "reason", "timeout")).isEqualTo(timeouts + 1);
      assertThat(app.count(RateLimitMetrics.REQUESTS, "policy", "g", "outcome", "allowed", "source", "local")).isEqualTo(local + 1);
      assertThat(tookMs).as("answered without waiting for the sleeping Redis").isLessThan(1000);
      assertThat(app.limiter.redisUp()).isFalse();
      assertThat(status(client, app)).isEqualTo(200); // straight to the in-process limiter
      assertThat(app.count(RateLimitMetrics.FALLBACK, "policy", "g", "reason", "redis_down")).isEqualTo(1);
      sleeping.await(10, TimeUnit.SECONDS);
      awaitRedisUp(app);
      assertThat(status(client, app)).isEqualTo(200);
      assertThat(app.count(RateLimitMetrics.REQUESTS, "policy", "g", "outcome", "allowed", "source", "redis")).isEqualTo(shared + 1);
    } finally {
      blocker.close();
    }
  }

  @Test
  void oneSlowAnswerIsABlipNotAnOutage(Vertx vertx) throws Exception {
    JsonObject conf = config(new JsonObject().put("g", group(limit("ip", "ip", 100, "1m", 100))), 200);
    Redis blocker = Redis.createClient(vertx, redis.uri());
    try (TestApp app = new TestApp(vertx, redis.uri(), conf)) {
      WebClient client = WebClient.create(vertx);
      awaitFromRedis(client, app);
      double timeouts = app.count(RateLimitMetrics.FALLBACK, "policy", "g", "reason", "timeout");
      double shared = app.count(RateLimitMetrics.REQUESTS, "policy", "g", "outcome", "allowed", "source", "redis");
      var sleeping = blocker.send(Request.cmd(Command.DEBUG).arg("SLEEP").arg("0.8"));
      Thread.sleep(100);
      assertThat(status(client, app)).isEqualTo(200);
      assertThat(app.count(RateLimitMetrics.FALLBACK, "policy", "g", "reason", "timeout")).isEqualTo(timeouts + 1);
      assertThat(app.limiter.redisUp()).isTrue();
      sleeping.await(10, TimeUnit.SECONDS);
      assertThat(status(client, app)).isEqualTo(200);
      assertThat(app.count(RateLimitMetrics.REQUESTS, "policy", "g", "outcome", "allowed", "source", "redis")).isEqualTo(shared + 1);
    } finally {
      blocker.close();
    }
  }
}
