package chorus.http;

import chorus.core.Config;
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
 * Which rate-limit group a request belongs to, decided before its body is read or validated, on the path as
 * the router will match it ({@link CanonicalPaths} runs first and refuses any other spelling): subscribing
 * ({@code subscribe}), asking for a new take's upload target ({@code upload}, checked by the handler once it knows the take is new: see
 * {@link #TAKE_BUDGET}) and rendering artwork
 * ({@code render}), the page's own error reports ({@code client-errors}), the fan's data export ({@code export}) and the two anonymous reads of constant answers,
 * the language and the campaign ({@code read}, counted per process) have their own policies ({@code conf/ratelimit.json}); every other API and mail call,
 * including completing a take and the PUT to a target already granted, the default one, so a take whose
 * bytes went up is never stranded by the take budget. Static files and health checks are not limited here
 * (the CDN serves the former).
 */
public final class RateLimits {
  private RateLimits() {}

  /**
   * Routing-context key of the {@code upload} group's handler on {@code POST /api/fan/recordings}: that request passes
   * the default group here, and the handler checks the take budget ({@link RateLimitHandler#admit}) once it knows the
   * take is new, so the repeat of a take whose answer was lost spends nothing.
   */
  public static final String TAKE_BUDGET = "chorus.ratelimit.takeBudget";

  /** The group's policy, or the default one when the policy file has no such group. */
  private static RateLimitHandler group(RateLimiter limiter, String name) {
    return limiter.forGroup(limiter.policies().has(name) ? name : Policies.DEFAULT_GROUP);
  }

  public static Handler<RoutingContext> dispatcher(RateLimiter limiter) {
    RateLimitHandler subscribe = group(limiter, "subscribe");
    RateLimitHandler upload = group(limiter, "upload");
    RateLimitHandler render = group(limiter, "render");
    RateLimitHandler clientErrors = group(limiter, "client-errors");
    RateLimitHandler export = group(limiter, "export");
    RateLimitHandler read = group(limiter, "read");
    RateLimitHandler other = group(limiter, Policies.DEFAULT_GROUP);
    return ctx -> {
      String path = ctx.request().path();
      HttpMethod method = ctx.request().method();
      boolean post = method == HttpMethod.POST;
      if (post && path.equals("/api/fan/subscription")) subscribe.handle(ctx);
      else if (post && path.equals("/api/fan/recordings")) { // the take budget is spent by the handler, on a new take only
        ctx.put(TAKE_BUDGET, upload);
        other.handle(ctx);
      }
      else if (post && path.equals("/api/fan/artwork")) render.handle(ctx);
      else if (post && path.equals("/api/client-errors")) clientErrors.handle(ctx);
      else if (path.equals("/api/fan/export")) export.handle(ctx); // a ZIP of every take the fan holds: storage reads
      else if ((method == HttpMethod.GET || method == HttpMethod.HEAD) && (path.equals("/api/locale") || path.equals("/api/campaign"))) {
        read.handle(ctx); // constant answers from memory, behind the CDN: counted in the process, no Redis round trip
      }
      else if (path.startsWith("/api/") || path.startsWith("/mail/") || path.startsWith("/upload/") || path.startsWith("/download/")) {
        other.handle(ctx);
      } else ctx.next();
    };
  }
}
