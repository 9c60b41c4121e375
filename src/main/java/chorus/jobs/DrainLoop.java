package chorus.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a worker of a leased table finds work (the job worker and the mailer): a round claims and starts
 * what is due; rounds run on a poll timer and when woken over the event bus after a commit. A wake-up
 * during a round runs one more round afterwards, a round that reports a full claim runs the next at once,
 * and rounds never overlap. Use it from one verticle's context.
 */
public final class DrainLoop {
  private static final Logger LOG = LoggerFactory.getLogger(DrainLoop.class);

  private final Vertx vertx;
  private final String what;
  private final Supplier<Future<Boolean>> round;
  private MessageConsumer<Object> consumer;
  private long timer = -1;
  private boolean running, again, stopped;

  /** {@code round} answers true when more may be due right away (it claimed a full batch). */
  public DrainLoop(Vertx vertx, String what, Supplier<Future<Boolean>> round) {
    this.vertx = vertx;
    this.what = what;
    this.round = round;
  }

  /** Listens on {@code address}, polls every {@code pollMillis}, and runs a first round once listening. */
  public Future<Void> start(String address, long pollMillis) {
    consumer = vertx.eventBus().consumer(address, m -> wake());
    timer = vertx.setPeriodic(pollMillis, id -> wake());
    return consumer.completion().onSuccess(v -> wake());
  }

  /** Runs a round now, or one more after the current one. */
  public void wake() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    Future<Boolean> f;
    try {
      f = round.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      running = false;
      if (ar.failed()) LOG.warn("{} round failed: {}", what, ar.cause().toString());
      else if (ar.result() || again) vertx.runOnContext(v -> wake());
    });
  }

  /** No more rounds; the one running (if any) finishes on its own. */
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) vertx.cancelTimer(timer);
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
