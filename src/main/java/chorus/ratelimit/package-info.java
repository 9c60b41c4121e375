/**
 * Rate limiting shared by every container: GCRA in one Redis round trip ({@code ratelimit/gcra.lua},
 * EVALSHA with an EVAL fallback after NOSCRIPT, time from Redis), policies per route group in
 * {@code conf/ratelimit.json}, an in-process fallback with the same policies when Redis is slow or
 * down, IETF RateLimit headers, Micrometer metrics.
 *
 * <p>Wiring: the main verticle builds one limiter per process (its Redis client and in-process fallback shared by
 * every HTTP verticle instance) from the policy file that the {@code ratelimit.file} setting names, validated with
 * {@link chorus.ratelimit.Policies#fromJson} and with the {@code trustedProxies}, {@code clientIpHeader} and
 * {@code ratelimit.budgetMs} settings laid over it ({@link chorus.ratelimit.Policies#withSettings}); a mistake in
 * either stops start-up with a configuration error naming the file and field or the setting. The HTTP side mounts
 * a handler per route group:
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.create(vertx, redis, policies, meterRegistry);   // once per process
 * router.post("/api/subscribe").handler(limiter.forGroup("subscribe"));            // specific groups first
 * router.route("/api/*").handler(limiter.forGroup("default"));                     // then the default
 * // ... business routes; the error handler writes Retry-After from Failure.retryAfter()
 * }</pre>
 * The first rate-limit handler that runs for a request decides; later ones pass it through.
 */
package chorus.ratelimit;
