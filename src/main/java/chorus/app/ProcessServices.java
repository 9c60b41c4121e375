package chorus.app;

import chorus.artwork.RenderGate;
import chorus.campaign.Campaign;
import chorus.core.Config;
import chorus.core.ConfigException;
import chorus.ratelimit.Policies;
import chorus.ratelimit.RateLimiter;
import chorus.render.RenderEngine;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process-wide services, each built once at start-up by the main verticle and handed to the verticles
 * it deploys: campaign, storage, render engine and gate, the Redis client, the rate limiter and metrics.
 * {@code chorus_services_built_total{service}} counts the builds (1 each per process, whatever the number of
 * HTTP verticles or render workers).
 */
record ProcessServices(Campaign campaign, ObjectStorage storage, RenderEngine engine, RenderGate gate, Redis redis,
                       RateLimiter limiter, MeterRegistry registry) {

  /** Reads the campaign, fonts and policy files and builds the clients; file reads run off the event loop. */
  static Future<ProcessServices> build(Vertx vertx, Config config) {
    MeterRegistry metrics = BackendRegistries.getDefaultNow();
    MeterRegistry registry = metrics == null ? new SimpleMeterRegistry() : metrics;
    return vertx.executeBlocking(() -> {
      Path webroot = Path.of(config.string("webroot"));
      Campaign campaign = Campaign.load(Path.of(config.string("conf.dir"), "campaign.json"), webroot);
      RenderEngine engine = RenderEngine.create(campaign, Path.of(config.string("fonts.dir")), webroot,
          config.integer("render.quality") / 100f);
      return new Files3(campaign, engine, Storages.create(vertx, config), policies(config));
    }).map(f -> {
      Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.string("redis.url"))
          .setMaxPoolSize(8).setMaxPoolWaiting(1_000));
      RateLimiter limiter = RateLimiter.create(vertx, redis, f.policies(), registry);
      RenderGate gate = new RenderGate(vertx, config.integer("render.queue"), registry);
      for (String client : new String[] {"campaign", "storage", "render-engine", "redis", "rate-limiter", "render-gate"}) {
        registry.counter("chorus.services.built", "service", client).increment();
      }
      return new ProcessServices(f.campaign(), f.storage(), f.engine(), gate, redis, limiter, metrics);
    });
  }

  private record Files3(Campaign campaign, RenderEngine engine, ObjectStorage storage, JsonObject policies) {}

  /** The policy file named by {@code ratelimit.file}, with the deployment's proxy and budget settings laid over it. */
  static JsonObject policies(Config config) {
    Path file = Path.of(config.string("ratelimit.file"));
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file));
    } catch (Exception e) {
      throw new ConfigException("CHORUS_RATELIMIT_FILE (ratelimit.file = " + file + ") is not readable JSON: " + e.getMessage());
    }
    return Policies.withSettings(json, config.string("trustedProxies"), config.string("clientIpHeader"),
        config.json().getInteger("ratelimit.budgetMs"));
  }

  Future<Void> close() {
    return limiter.close().eventually(redis::close);
  }
}
