package chorus.http;

import chorus.core.Config;
import chorus.ratelimit.RateLimiter;
import chorus.storage.ObjectStorage;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * What every HTTP verticle instance of the process shares, built once by the main verticle: settings,
 * storage, the Redis client, the PostgreSQL pool, the one rate limiter (so its in-process fallback counts once per process),
 * the metrics registry and the features' routes.
 */
public record Shared(Config config, ObjectStorage storage, Redis redis, Pool pool, RateLimiter limiter,
                     MeterRegistry registry, List<Routes> routes) {}
