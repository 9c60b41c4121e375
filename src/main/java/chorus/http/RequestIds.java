package chorus.http;

import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.MDC;

/**
 * Gives every request an id: the proxy's {@code X-Request-Id} when it looks sane, else a new one. It goes
 * on the response and, through {@link #mdc}, into every log line written about the request.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  static final String KEY = "requestId";
  /** Unique, not secret: a random prefix per process and a counter (no SecureRandom UUID per request). */
  private static final String PREFIX = Long.toString(new SecureRandom().nextLong() >>> 1, 36) + "-";
  private static final AtomicLong NEXT = new AtomicLong();

  static void apply(RoutingContext ctx) {
    String incoming = ctx.request().getHeader(HEADER);
    String id = incoming != null && sane(incoming) ? incoming : PREFIX + Long.toString(NEXT.incrementAndGet(), 36);
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
  }

  /** {@code [A-Za-z0-9._:-]{1,128}}, checked without a regex: this runs on every request. */
  static boolean sane(String id) {
    if (id.isEmpty() || id.length() > 128) return false;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' || c == '-';
      if (!ok) return false;
    }
    return true;
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
