package chorus.http;

import chorus.app.Config;
import chorus.ratelimit.Policies;
import chorus.ratelimit.RateLimitHandler;
import chorus.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which rate-limit group a request belongs to, decided before its body is read or validated: subscribing,
 * uploading and rendering have their own policies ({@code conf/ratelimit.json}); every other API and mail
 * call the default one. Static files and health checks are not limited here (the CDN serves the former).
 */
final class RateLimits {
  private RateLimits() {}

  static RateLimiter create(Vertx vertx, Redis redis, Config config, MeterRegistry registry) {
    JsonObject policies;
    try {
      policies = new JsonObject(Files.readString(Path.of(config.string("ratelimit.file"))));
    } catch (Exception e) {
      throw new chorus.app.ConfigException("CHORUS_RATELIMIT_FILE (" + config.string("ratelimit.file") + ") is not readable JSON: " + e.getMessage());
    }
    Map<String, String> env = new HashMap<>();
    if (config.has("trustedProxies")) env.put("CHORUS_TRUSTED_PROXIES", config.string("trustedProxies"));
    if (config.has("clientIpHeader")) env.put("CHORUS_CLIENT_IP_HEADER", config.string("clientIpHeader"));
    if (config.has("ratelimit.budgetMs")) env.put("CHORUS_RATELIMIT_BUDGET_MS", String.valueOf(config.integer("ratelimit.budgetMs")));
    return RateLimiter.create(vertx, redis, Policies.withEnv(policies, env), registry == null ? new SimpleMeterRegistry() : registry);
  }

  /** The group's policy, or the default one when the policy file has no such group. */
  private static RateLimitHandler group(RateLimiter limiter, String name) {
    return limiter.forGroup(limiter.policies().has(name) ? name : Policies.DEFAULT_GROUP);
  }

  static Handler<RoutingContext> dispatcher(RateLimiter limiter) {
    RateLimitHandler subscribe = group(limiter, "subscribe");
    RateLimitHandler upload = group(limiter, "upload");
    RateLimitHandler render = group(limiter, "render");
    RateLimitHandler other = group(limiter, Policies.DEFAULT_GROUP);
    return ctx -> {
      String path = ctx.request().path();
      boolean post = ctx.request().method() == HttpMethod.POST;
      if (post && path.equals("/api/fan/subscription")) subscribe.handle(ctx);
      else if (post && path.startsWith("/api/fan/recordings") || ctx.request().method() == HttpMethod.PUT && path.startsWith("/upload/")) upload.handle(ctx);
      else if (post && path.equals("/api/fan/artwork")) render.handle(ctx);
      else if (path.startsWith("/api/") || path.startsWith("/mail/")) other.handle(ctx);
      else ctx.next();
    };
  }
}
