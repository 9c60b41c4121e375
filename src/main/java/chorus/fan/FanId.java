package chorus.fan;

import chorus.http.Problem;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the fan's bearer token (a UUID v4 the browser made) and keeps only its SHA-256, the fan key the
 * database knows. The token itself is never stored or logged. Missing or malformed → 401 problem.
 */
public final class FanId implements Handler<RoutingContext> {
  private static final String KEY = "fanKey";
  private static final Pattern UUID_V4 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(Problem.unauthorized("Send your fan id as 'Authorization: Bearer <uuid>'."));
      return;
    }
    String token = header.substring(7).trim().toLowerCase(Locale.ROOT);
    if (!UUID_V4.matcher(token).matches()) {
      ctx.fail(Problem.unauthorized("The fan id must be a random UUID (version 4)."));
      return;
    }
    ctx.put(KEY, Buffer.buffer(sha256(token)));
    ctx.next();
  }

  /** The fan key of this request (set by the handler above). */
  public static Buffer key(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
