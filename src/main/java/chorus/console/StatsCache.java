package chorus.console;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures, kept in Redis for every container: at a million fans computing them takes seconds (see the
 * README), so a request is answered from the last result and, when that is older than {@value #FRESH_SECONDS}
 * seconds, one container (a Redis lock) recomputes it in the background. Only the very first request waits.
 */
final class StatsCache {
  private static final Logger LOG = LoggerFactory.getLogger(StatsCache.class);
  static final int FRESH_SECONDS = 60;
  private static final String PREFIX = "chorus:console:stats:";
  private final Pool pool;
  private final RedisAPI redis;

  StatsCache(Pool pool, RedisAPI redis) {
    this.pool = pool;
    this.redis = redis;
  }

  Future<JsonObject> get(String bucket, int span) {
    String key = PREFIX + bucket + ":" + span;
    return redis.get(key).compose(cached -> {
      if (cached == null) return compute(key, bucket, span);
      JsonObject figures = new JsonObject(cached.toString());
      long age = ChronoUnit.SECONDS.between(OffsetDateTime.parse(figures.getString("computedAt")), OffsetDateTime.now(ZoneOffset.UTC));
      if (age > FRESH_SECONDS) {
        redis.set(List.of(key + ":lock", "1", "NX", "EX", String.valueOf(FRESH_SECONDS)))
            .compose(won -> won == null ? Future.succeededFuture() : compute(key, bucket, span))
            .onFailure(e -> LOG.warn("console stats not refreshed: {}", e.toString()));
      }
      return Future.succeededFuture(figures);
    });
  }

  private Future<JsonObject> compute(String key, String bucket, int span) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    OffsetDateTime since = now.truncatedTo(ChronoUnit.HOURS).minusHours(bucket.equals("hour") ? span - 1L : (span - 1L) * 24);
    return Stats.compute(pool, bucket, since).compose(figures -> {
      figures.put("computedAt", now.toString());
      return redis.set(List.of(key, figures.encode(), "EX", "86400")).map(figures);
    });
  }
}
