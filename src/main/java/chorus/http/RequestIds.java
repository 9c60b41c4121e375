package chorus.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id: the proxy's {@code X-Request-Id} when it looks sane, else a new one. It goes
 * on the response and, through {@link #mdc}, into every log line written about the request.
 */
public final class RequestIds implements Handler<RoutingContext> {
  public static final String HEADER = "X-Request-Id";
  static final String KEY = "requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public void handle(RoutingContext ctx) {
    String incoming = ctx.request().getHeader(HEADER);
    String id = incoming != null && SANE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }

  /** Puts the request id into the logging context until closed: {@code try (var m = RequestIds.mdc(ctx)) { log... }}. */
  public static MDC.MDCCloseable mdc(RoutingContext ctx) {
    return MDC.putCloseable(KEY, of(ctx));
  }
}
