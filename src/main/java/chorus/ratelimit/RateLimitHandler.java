package chorus.ratelimit;

import chorus.core.Failure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
    // Hold the body back while Redis answers, so that a BodyHandler mounted after this one gets all of it.
    boolean paused = !policy.local() && !req.isEnded();
    if (paused) req.pause();
    decide(ctx, (d, failure) -> {
      if (paused && !req.isEnded()) req.resume();
      if (failure != null) ctx.fail(failure);
      else if (d.allowed()) ctx.next();
      else ctx.fail(refusal(d));
    });
  }

  /**
   * Checks this group for a request already admitted by another one, from inside its handler: for a cost the route
   * only knows it incurs once it has read the body (a new take, not the repeat of one). Sets this group's headers;
   * fails with {@link Failure#limited} when refused.
   */
  public Future<Void> admit(RoutingContext ctx) {
    Promise<Void> admitted = Promise.promise();
    decide(ctx, (d, failure) -> {
      if (failure != null) admitted.fail(failure);
      else if (d.allowed()) admitted.complete();
      else admitted.fail(refusal(d));
    });
    return admitted.future();
  }

  private void decide(RoutingContext ctx, java.util.function.BiConsumer<Decision, Throwable> then) {
    HttpServerRequest req = ctx.request();
    SocketAddress peer = req.connection().remoteAddress();
    String ip = ClientIp.bucket(clientIp.resolve(peer == null ? null : peer.hostAddress(), req.headers().getAll(clientIp.header())));
    String fan = FanKey.fromAuthorization(req.getHeader(HttpHeaders.AUTHORIZATION));
    Context context = Vertx.currentContext();
    limiter.check(policy, ip, fan).onComplete(ar -> {
      if (context == null || Vertx.currentContext() == context) {
        answer(ctx, ar.result(), ar.cause(), then);
      } else {
        context.runOnContext(v -> answer(ctx, ar.result(), ar.cause(), then));
      }
    });
  }

  private static Failure refusal(Decision d) {
    long retry = d.retryAfterSeconds();
    return Failure.limited("Too many requests; try again in " + retry + " s.", retry);
  }

  private void answer(RoutingContext ctx, Decision d, Throwable failure, java.util.function.BiConsumer<Decision, Throwable> then) {
    if (failure != null) {
      // check() recovers from every Redis failure itself; anything left is a bug, reported, not a 429.
      then.accept(null, failure);
      return;
    }
    ctx.put(DECISION, d);
    if (policyHeader != null) ctx.response().putHeader(RateLimitHeaders.POLICY, policyHeader);
    String state = RateLimitHeaders.state(policy.group(), d);
    if (state != null) ctx.response().putHeader(RateLimitHeaders.STATE, state);
    then.accept(d, null);
  }
}
