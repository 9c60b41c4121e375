package chorus.mail;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Paces sends to at most {@code perSecond} per container (0 = no cap): each caller gets the next free
 * slot, spaced 1/perSecond apart, and waits on a timer until it comes. Used on one event loop only.
 */
final class RateLimiter {
  private final Vertx vertx;
  private final long intervalNanos;
  private long next;

  RateLimiter(Vertx vertx, int perSecond) {
    this.vertx = vertx;
    this.intervalNanos = perSecond <= 0 ? 0 : 1_000_000_000L / perSecond;
    this.next = System.nanoTime();
  }

  Future<Void> acquire() {
    if (intervalNanos == 0) return Future.succeededFuture();
    long now = System.nanoTime();
    long slot = Math.max(now, next);
    next = slot + intervalNanos;
    long waitMillis = (slot - now) / 1_000_000;
    if (waitMillis < 1) return Future.succeededFuture();
    Promise<Void> p = Promise.promise();
    vertx.setTimer(waitMillis, id -> p.complete());
    return p.future();
  }
}
