package chorus.ratelimit;

import chorus.core.Failure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Limits the requests of one route group. Sets {@code RateLimit-Policy} and {@code RateLimit} on every
 * response of the group and fails the context with {@link Failure#limited} when refused.
 * The first rate-limit handler that runs for a request decides: later ones (e.g. the {@code default}
 * group mounted on a catch-all route after the specific groups) let it through unchecked. Mount it
 * before any {@code BodyHandler}: the request is paused while Redis answers, so a refused upload is
 * refused before its body is read, and an admitted one reaches the body handler whole. It is a
 * {@link SecurityPolicyHandler} (a {@code Handler<RoutingContext>}), so Vert.x Web accepts it ahead of a
 * {@code BodyHandler} on the same route.
 */
public final class RateLimitHandler implements SecurityPolicyHandler {

  /** Routing-context key holding the {@link Decision} of this request. */
  public static final String DECISION = "chorus.ratelimit.decision";
  static final String CHECKED = "chorus.ratelimit.group";

  private final RateLimiter limiter;
  private final RateLimitPolicy policy;
  private final ClientIp clientIp;
  private final String policyHeader;

  RateLimitHandler(RateLimiter limiter, RateLimitPolicy policy, ClientIp clientIp) {
    this.limiter = limiter;
    this.policy = policy;
    this.clientIp = clientIp;
    this.policyHeader = RateLimitHeaders.policy(policy);
  }

  public String group() {
    return policy.group();
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.get(CHECKED) != null) {
      ctx.next();
      return;
    }
    ctx.put(CHECKED, policy.group());
    HttpServerRequest req = ctx.request();
    SocketAddress peer = req.connection().remoteAddress();
    String ip = ClientIp.bucket(clientIp.resolve(peer == null ? null : peer.hostAddress(), req.headers().getAll(clientIp.header())));
    String fan = FanKey.fromAuthorization(req.getHeader(HttpHeaders.AUTHORIZATION));
    if (policy.local()) { // counted in this process: decided at once, no pause, no hop
      limiter.check(policy, ip, fan).onComplete(ar -> answer(ctx, ar.result(), ar.cause()));
      return;
    }
    // Hold the body back while Redis answers, so that a BodyHandler mounted after this one gets all of it.
    if (!req.isEnded()) req.pause();
    Context context = Vertx.currentContext();
    limiter.check(policy, ip, fan).onComplete(ar -> {
      if (context == null || Vertx.currentContext() == context) {
        answer(ctx, ar.result(), ar.cause());
      } else {
        context.runOnContext(v -> answer(ctx, ar.result(), ar.cause()));
      }
    });
  }

  private void answer(RoutingContext ctx, Decision d, Throwable failure) {
    if (!ctx.request().isEnded()) ctx.request().resume();
    if (failure != null) {
      // check() recovers from every Redis failure itself; anything left is a bug, reported, not a 429.
      ctx.fail(failure);
      return;
    }
    ctx.put(DECISION, d);
    if (policyHeader != null) ctx.response().putHeader(RateLimitHeaders.POLICY, policyHeader);
    String state = RateLimitHeaders.state(policy.group(), d);
    if (state != null) ctx.response().putHeader(RateLimitHeaders.STATE, state);
    if (d.allowed()) {
      ctx.next();
    } else {
      long retry = d.retryAfterSeconds();
      ctx.fail(Failure.limited("Too many requests; try again in " + retry + " s.", retry));
    }
  }
}
