package chorus.http;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per request: method, path (never the query, which may carry signatures), status, time. */
public final class AccessLog {
  private static final Logger LOG = LoggerFactory.getLogger("chorus.access");

  static void apply(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> {
      if (!LOG.isInfoEnabled()) return;
      try (var m = RequestIds.mdc(ctx)) {
        LOG.info("{} {} {} {}ms", ctx.request().method(), ctx.request().path(), ctx.response().getStatusCode(),
            (System.nanoTime() - start) / 1_000_000);
      }
    });
  }
}
