package chorus.ratelimit;

import static chorus.ratelimit.TestConfig.config;
import static chorus.ratelimit.TestConfig.group;
import static chorus.ratelimit.TestConfig.limit;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The script in Redis: one EVALSHA per check whatever the number of limits, and recovery from SCRIPT FLUSH. */
@ExtendWith(VertxExtension.class)
class RedisScriptTest extends SharedRedisTest {

  private static final Pattern CALLS = Pattern.compile("cmdstat_(\\w+):calls=(\\d+)");

  private static Map<String, Long> commandCalls(Redis admin) throws Exception {
    String info = admin.send(Request.cmd(Command.INFO).arg("commandstats")).await(10, TimeUnit.SECONDS).toString();
    Map<String, Long> calls = new HashMap<>();
    Matcher m = CALLS.matcher(info);
    while (m.find()) calls.put(m.group(1), Long.parseLong(m.group(2)));
    return calls;
  }

  private static Object send(Redis admin, Command cmd, String... args) throws Exception {
    Request r = Request.cmd(cmd);
    for (String a : args) r.arg(a);
    return admin.send(r).await(10, TimeUnit.SECONDS);
  }

  @Test
  void oneEvalshaPerCheckAndScriptFlushIsSurvived(Vertx vertx) throws Exception {
    JsonObject conf = config(new JsonObject().put("multi",
        group(limit("ip", "ip", 10, "1m", 10), limit("fan", "fan", 10, "1m", 10), limit("all", "global", 10, "1m", 10))), 5000);
    Redis admin = Redis.createClient(vertx, redis.uri());
    RateLimiter limiter = RateLimiter.create(vertx, admin, conf, new SimpleMeterRegistry());
    try {
      RateLimitPolicy multi = limiter.policies().group("multi");
      String sha = GcraScript.load().sha1();
      // the limiter loaded the script when it was created
      assertThat(limiter.check(multi, "192.0.2.1", "f1").await(10, TimeUnit.SECONDS).verdicts()).hasSize(3);
      assertThat(send(admin, Command.SCRIPT, "EXISTS", sha).toString()).isEqualTo("[1]");

      send(admin, Command.CONFIG, "RESETSTAT");
      for (int i = 0; i < 5; i++) limiter.check(multi, "192.0.2.1", "f1").await(10, TimeUnit.SECONDS);
      Map<String, Long> calls = commandCalls(admin);
      assertThat(calls.get("evalsha")).as("one round trip per check of three limits").isEqualTo(5);
      assertThat(calls).doesNotContainKey("eval");

      send(admin, Command.SCRIPT, "FLUSH");
      Decision d = limiter.check(multi, "192.0.2.1", "f1").await(10, TimeUnit.SECONDS);
      assertThat(d.source()).isEqualTo(Decision.Source.REDIS);
      assertThat(d.allowed()).isTrue();
      // state survived the flush: 7th request on each limit leaves 3
      assertThat(d.verdicts()).extracting(Decision.Verdict::remaining).containsExactly(3L, 3L, 3L);
      assertThat(commandCalls(admin).get("eval")).isEqualTo(1);
      assertThat(send(admin, Command.SCRIPT, "EXISTS", sha).toString()).isEqualTo("[1]");
      assertThat(limiter.redisUp()).isTrue();
    } finally {
      limiter.close().await(10, TimeUnit.SECONDS);
      admin.close();
    }
  }

  @Test
  void keysExpireWhenTheBucketIsFullAgainAndHoldNoRawToken(Vertx vertx) throws Exception {
    JsonObject conf = config(new JsonObject().put("ttl", group(limit("fan", "fan", 1, "2s", 1))), 5000);
    Redis admin = Redis.createClient(vertx, redis.uri());
    RateLimiter limiter = RateLimiter.create(vertx, admin, conf, new SimpleMeterRegistry());
    try {
      String token = "0b7c2f3e-9d41-4c8a-a5e2-3f6d7e8a9b10";
      String fan = FanKey.fromAuthorization("Bearer " + token);
      Decision d = limiter.check(limiter.policies().group("ttl"), "192.0.2.1", fan).await(10, TimeUnit.SECONDS);
      String key = d.verdicts().get(0).key();
      assertThat(key).endsWith(":{ttl}:fan:" + fan).doesNotContain(token).doesNotContain(token.replace("-", ""));
      long pttl = Long.parseLong(send(admin, Command.PTTL, key).toString());
      assertThat(pttl).isBetween(1L, 2000L);
    } finally {
      limiter.close().await(10, TimeUnit.SECONDS);
      admin.close();
    }
  }
}
