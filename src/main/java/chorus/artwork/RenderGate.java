package chorus.artwork;

import chorus.core.RenderFailure;
import chorus.core.RenderRequest;
import chorus.core.RenderResult;
import chorus.core.Addresses;
import chorus.core.Built;
import chorus.core.Failure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded queue in front of the render pool: at most {@code capacity} renders waiting or running per
 * container (one gate per process, built by the main verticle). One more gets 503 with {@code Retry-After} at once instead of an unbounded backlog; the
 * client retries and the CDN/load balancer spreads the load over other containers.
 */
public final class RenderGate {
  static final long TIMEOUT_MS = 30_000;
  static final long RETRY_AFTER_SECONDS = 2;

  private final Vertx vertx;
  private final int capacity;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Counter refused;

  public RenderGate(Vertx vertx, int capacity, MeterRegistry registry) {
    Built.one(Built.RENDER_GATE);
    this.vertx = vertx;
    this.capacity = capacity;
    this.refused = registry == null ? null
        : Counter.builder("chorus.render.refused").description("Renders refused with 503: queue full").register(registry);
    if (registry != null) {
      Gauge.builder("chorus.render.in.flight", inFlight, AtomicInteger::get).description("Renders waiting or running").register(registry);
    }
  }

  public Future<RenderResult> render(RenderRequest request) {
    if (inFlight.incrementAndGet() > capacity) {
      inFlight.decrementAndGet();
      if (refused != null) refused.increment();
      return Future.failedFuture(Failure.unavailable("Artwork is being drawn for many fans right now; try again in a moment.", RETRY_AFTER_SECONDS));
    }
    return vertx.eventBus().<JsonObject>request(Addresses.RENDER_ARTWORK, request.toJson(), new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .map(msg -> RenderResult.fromJson(msg.body()))
        .recover(e -> Future.failedFuture(toFailure(e)))
        .eventually(() -> {
          inFlight.decrementAndGet();
          return Future.succeededFuture();
        });
  }

  static Throwable toFailure(Throwable e) {
    if (!(e instanceof ReplyException r)) return e;
    return switch (r.failureType()) {
      case NO_HANDLERS -> Failure.unavailable("The artwork service is starting; try again in a moment.", RETRY_AFTER_SECONDS);
      case TIMEOUT -> Failure.of(Failure.Kind.TIMEOUT, "render-timeout", "Artwork took too long", "Try again in a moment.").with("retryAfter", RETRY_AFTER_SECONDS);
      default -> r.failureCode() == RenderFailure.BAD_REQUEST.code ? Failure.invalid(r.getMessage())
          : r.failureCode() == RenderFailure.STORAGE.code ? Failure.unavailable("Storage is unavailable; try again shortly.", 5)
          : Failure.of(Failure.Kind.INTERNAL, "render-failed", "Artwork failed", "The artwork could not be drawn; it has been logged.");
    };
  }
}
