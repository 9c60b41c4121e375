package chorus.http;

import chorus.core.Failure;
import chorus.core.FanToken;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the fan's bearer token and keeps only its SHA-256, the fan key the database knows. The token itself
 * is never stored or logged. Missing or malformed → 401 problem, whatever the body.
 */
public final class FanAuth implements Handler<RoutingContext> {
  private static final String KEY = "fanKey";

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(Failure.unauthorized("Send your fan id as 'Authorization: Bearer <uuid>'."));
      return;
    }
    String token = FanToken.parse(header);
    if (token == null) {
      ctx.fail(Failure.unauthorized("The fan id must be a random UUID (version 4)."));
      return;
    }
    ctx.put(KEY, Buffer.buffer(FanToken.fanKey(token)));
    ctx.next();
  }

  /** The fan key of this request (set by the handler above). */
  public static Buffer key(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
