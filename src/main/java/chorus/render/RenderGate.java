package chorus.render;

import chorus.app.Addresses;
import chorus.http.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded queue in front of the render pool: at most {@code capacity} renders waiting or running per
 * container. One more gets 503 with {@code Retry-After} at once instead of an unbounded backlog; the
 * client retries and the CDN/load balancer spreads the load over other containers.
 */
public final class RenderGate {
  static final long TIMEOUT_MS = 30_000;
  static final long RETRY_AFTER_SECONDS = 2;

  private static final class Shared implements Shareable {
    final AtomicInteger inFlight = new AtomicInteger();
    Counter refused;
  }

  private final Vertx vertx;
  private final int capacity;
  private final Shared shared;

  public RenderGate(Vertx vertx, int capacity, MeterRegistry registry) {
    this.vertx = vertx;
    this.capacity = capacity;
    this.shared = (Shared) vertx.sharedData().getLocalMap("chorus.render").computeIfAbsent("gate", k -> new Shared());
    synchronized (shared) {
      if (shared.refused == null && registry != null) {
        shared.refused = Counter.builder("chorus.render.refused").description("Renders refused with 503: queue full").register(registry);
        Gauge.builder("chorus.render.in.flight", shared.inFlight, AtomicInteger::get).description("Renders waiting or running").register(registry);
      }
    }
  }

  public Future<JsonObject> render(RenderRequest request) {
    if (shared.inFlight.incrementAndGet() > capacity) {
      shared.inFlight.decrementAndGet();
      if (shared.refused != null) shared.refused.increment();
      return Future.failedFuture(Problem.unavailable("Artwork is being drawn for many fans right now; try again in a moment.", RETRY_AFTER_SECONDS));
    }
    return vertx.eventBus().<JsonObject>request(Addresses.RENDER_ARTWORK, request.toJson(), new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .map(msg -> msg.body())
        .recover(e -> Future.failedFuture(toProblem(e)))
        .eventually(() -> {
          shared.inFlight.decrementAndGet();
          return Future.succeededFuture();
        });
  }

  static Throwable toProblem(Throwable e) {
    if (!(e instanceof ReplyException r)) return e;
    return switch (r.failureType()) {
      case NO_HANDLERS -> Problem.unavailable("The artwork service is starting; try again in a moment.", RETRY_AFTER_SECONDS);
      case TIMEOUT -> Problem.of(504, "render-timeout", "Artwork took too long", "Try again in a moment.").with("retryAfter", RETRY_AFTER_SECONDS);
      default -> r.failureCode() == RenderFailure.BAD_REQUEST.code ? Problem.badRequest(r.getMessage())
          : r.failureCode() == RenderFailure.STORAGE.code ? Problem.unavailable("Storage is unavailable; try again shortly.", 5)
          : Problem.of(500, "render-failed", "Artwork failed", "The artwork could not be drawn; it has been logged.");
    };
  }
}
