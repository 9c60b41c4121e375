package chorus.ratelimit;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import java.util.List;

/**
 * Checks buckets in Redis with one {@code EVALSHA}; when Redis has lost the script (restart, failover,
 * {@code SCRIPT FLUSH}) it answers NOSCRIPT, and the check is sent once more as {@code EVAL}, which
 * also caches the script again.
 */
final class RedisLimiter {

  private final Redis redis;
  private final GcraScript script;

  RedisLimiter(Redis redis, GcraScript script) {
    this.redis = redis;
    this.script = script;
  }

  Future<Decision> check(List<Bucket> buckets) {
    return redis.send(script.evalsha(buckets))
        .recover(err -> isNoScript(err) ? redis.send(script.eval(buckets)) : Future.failedFuture(err))
        .map(reply -> GcraScript.parse(buckets, reply));
  }

  static boolean isNoScript(Throwable err) {
    String message = err.getMessage();
    return message != null && message.startsWith("NOSCRIPT");
  }
}
