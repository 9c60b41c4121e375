package chorus.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Every request has a deadline for the start of its answer: past it, the request fails with 503 (the problem
 * handler adds Retry-After) instead of leaving a client waiting on a hung dependency. An answer that has begun
 * (an export or a download streaming its bytes) has met its deadline: cutting it would only break the file, and
 * the connection's idle timeout still guards a stalled one. Vert.x Web's own {@code TimeoutHandler} fails the
 * request even then.
 */
final class Deadline implements PlatformHandler {
  private final long millis;

  Deadline(long millis) {
    this.millis = millis;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long timer = ctx.vertx().setTimer(millis, t -> {
      if (ctx.response().headWritten() || ctx.failed()) return;
      if (!ctx.request().isEnded()) ctx.request().resume();
      ctx.fail(503);
    });
    ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }
}
