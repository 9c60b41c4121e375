/**
 * Rate limiting shared by every container: GCRA in one Redis round trip ({@code ratelimit/gcra.lua},
 * EVALSHA with an EVAL fallback after NOSCRIPT, time from Redis), policies per route group in
 * {@code conf/ratelimit.json}, an in-process fallback with the same policies when Redis is slow or
 * down, IETF RateLimit headers, Micrometer metrics.
 *
 * <p>Wiring, in the HTTP verticle:
 * <pre>{@code
 * JsonObject conf = Policies.withEnv(new JsonObject(vertx.fileSystem().readFileBlocking("conf/ratelimit.json")),
 *     System.getenv());
 * RateLimiter limiter = RateLimiter.create(vertx, redis, conf, meterRegistry);   // once per verticle
 * router.post("/api/subscribe").handler(limiter.forGroup("subscribe"));        // specific groups first
 * router.route("/api/*").handler(limiter.forGroup("default"));                 // then the default
 * // ... business routes; the error handler writes Retry-After from Failure.retryAfter()
 * }</pre>
 * The first rate-limit handler that runs for a request decides; later ones pass it through.
 */
package chorus.ratelimit;
