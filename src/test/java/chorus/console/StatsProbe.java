package chorus.console;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;

/** The stats queries for the benchmark, which lives in another package. */
public final class StatsProbe {
  private StatsProbe() {}

  public static Future<JsonObject> compute(Pool pool, String bucket, OffsetDateTime since) {
    return Stats.compute(pool, bucket, since);
  }

  /** What a console request gets: the figures through the Redis cache. */
  public static Future<JsonObject> cached(Pool pool, io.vertx.redis.client.RedisAPI redis, String bucket, int span) {
    return new StatsCache(pool, redis).get(bucket, span);
  }
}
