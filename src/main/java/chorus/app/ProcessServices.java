package chorus.app;

import chorus.artwork.RenderGate;
import chorus.campaign.Campaign;
import chorus.core.Built;
import chorus.core.Config;
import chorus.core.ConfigException;
import chorus.core.Setting;
import chorus.db.Database;
import chorus.ratelimit.Policies;
import chorus.ratelimit.RateLimiter;
import chorus.render.RenderEngine;
import chorus.storage.DeferredStorage;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process-wide services, each built once at start-up by the main verticle and handed to the verticles
 * it deploys: campaign, storage, render engine and gate, the Redis client, the PostgreSQL pool, the rate limiter and
 * metrics.
 * {@code chorus_services_built_total{service}} shows how many of each client the process has constructed, counted at
 * each construction ({@link Built}): 1 each, whatever the number of HTTP verticles or render workers.
 */
record ProcessServices(Campaign campaign, ObjectStorage storage, Future<RenderEngine> engine, RenderGate gate, Redis redis,
                       RateLimiter limiter, Pool pool, MeterRegistry registry) {

  static final String[] SERVICES = {Built.CAMPAIGN, Built.STORAGE, Built.RENDER_ENGINE, Built.REDIS, Built.RATE_LIMITER,
      Built.RENDER_GATE, Built.PG_POOL};

  /**
   * Reads the campaign, fonts and policy files and builds the clients. The independent steps run at the same time on
   * worker threads (unordered), off the event loop, and the future completes once what the HTTP servers need is there
   * (campaign, policies, clients). The two slow ones that only some requests use go on in the background, each behind
   * a future that the work needing it waits for: the S3 client ({@link DeferredStorage}; the SDK's first client loads
   * ~1,500 classes) and the render engine's fonts and templates ({@link #engine}); {@link #started} joins them.
   * Each step's wall time goes to {@code timeline}.
   */
  static Future<ProcessServices> build(Vertx vertx, Config config, StartupTimeline timeline) {
    MeterRegistry metrics = BackendRegistries.getDefaultNow();
    MeterRegistry registry = metrics == null ? new SimpleMeterRegistry() : metrics;
    Path webroot = Path.of(config.string("webroot"));
    Future<Campaign> campaign = timeline.blocking(vertx, "campaign",
        () -> Campaign.load(Path.of(config.string("conf.dir"), "campaign.json"), webroot));
    Future<RenderEngine> engine = campaign.compose(c -> timeline.blocking(vertx, "render-engine",
        () -> RenderEngine.create(c, Path.of(config.string("fonts.dir")), webroot, config.integer("render.quality") / 100f)));
    ObjectStorage storage = config.has("s3.bucket")
        ? new DeferredStorage("s3", timeline.blocking(vertx, "s3-client", () -> Storages.create(vertx, config)))
        : Storages.create(vertx, config); // local disk: nothing to wait for
    Future<Policies> policies = timeline.blocking(vertx, "policies", () -> policies(config));
    return Future.all(campaign, policies).map(all -> {
      Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.string("redis.url"))
          .setMaxPoolSize(8).setMaxPoolWaiting(1_000));
      Built.one(Built.REDIS);
      Pool pool = Database.pool(vertx, config);
      RateLimiter limiter = RateLimiter.create(vertx, redis, policies.result(), registry);
      RenderGate gate = new RenderGate(vertx, config.integer("render.queue"), registry);
      for (String client : SERVICES) {
        FunctionCounter.builder("chorus.services.built", client, Built::count).tag("service", client)
            .description("Process-wide clients constructed, counted where each is constructed").register(registry);
      }
      return new ProcessServices(campaign.result(), storage, engine, gate, redis, limiter, pool, metrics);
    });
  }

  /** Completes when the background steps are done too (S3 client, render engine); fails with the first that failed. */
  Future<?> started() {
    return Future.all(storage instanceof DeferredStorage d ? d.built() : Future.succeededFuture(), engine);
  }

  /**
   * The policy file named by {@code ratelimit.file}, validated, with the deployment's proxy and budget settings laid
   * over it. Any mistake stops start-up with a {@link ConfigException} naming where it is: the file and its field,
   * or the setting (trusted proxies, client-IP header) whose value the file took.
   */
  static Policies policies(Config config) {
    Path file = Path.of(config.string("ratelimit.file"));
    String fileSetting = Setting.envName("ratelimit.file") + " (ratelimit.file = " + file + ")";
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file));
    } catch (Exception e) {
      throw new ConfigException(fileSetting + " is not readable JSON: " + e.getMessage());
    }
    parse(json, fileSetting);
    String proxies = config.string("trustedProxies");
    String header = config.string("clientIpHeader");
    parse(Policies.withSettings(json, proxies, null, null), Setting.envName("trustedProxies") + " (trustedProxies = " + proxies + ")");
    parse(Policies.withSettings(json, null, header, null), Setting.envName("clientIpHeader") + " (clientIpHeader = " + header + ")");
    return parse(Policies.withSettings(json, proxies, header, config.json().getInteger("ratelimit.budgetMs")), fileSetting);
  }

  private static Policies parse(JsonObject json, String source) {
    try {
      return Policies.fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage());
    }
  }

  Future<Void> close() {
    return limiter.close().eventually(redis::close).eventually(pool::close);
  }
}
