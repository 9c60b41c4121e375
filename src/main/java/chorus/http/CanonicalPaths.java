package chorus.http;

import chorus.core.Failure;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses request paths that are not spelled canonically, before anything else looks at them: the rate
 * limiter chooses its group from the path, so {@code /api/fan/./subscription}, {@code /api/fan//subscription},
 * {@code /api/fan/%73ubscription} or {@code /api/fan/subscription/} must not reach the subscribe handler under
 * another group. Everywhere: no empty or dot segments, no backslash, no percent-encoded slash, backslash, dot or
 * control character. Under the API and the app's own prefixes (whose paths never need encoding): no percent
 * sign at all and no trailing slash. Refused with a 400 problem, as is a query string with a malformed escape.
 * A valid HEAD request is then routed as the GET it mirrors.
 */
public final class CanonicalPaths {
  private static final String[] STRICT = {"/api/", "/mail/", "/upload/", "/download/", "/media/", "/s/", "/health/"};

  /**
   * True when the request goes on; otherwise the context has been failed (a non-canonical path, a malformed query)
   * or rerouted (a HEAD, as the GET it asks about).
   */
  static boolean admits(RoutingContext ctx) {
    if (!canonical(ctx.request().path())) {
      ctx.fail(Failure.of(Failure.Kind.INVALID, "non-canonical-path", "Non-canonical path",
          "Spell the path without dot or empty segments, encoded separators or a trailing slash."));
      return false;
    }
    try {
      // decode the query once here: a bad escape such as %zz would otherwise surface as a 500 in whichever handler reads it
      ctx.request().params();
      ctx.queryParams();
    } catch (IllegalArgumentException e) {
      ctx.fail(Failure.of(Failure.Kind.INVALID, "malformed-query", "Malformed query", "The query string has a malformed percent escape."));
      return false;
    }
    // every GET route answers HEAD (link unfurlers send HEAD); Vert.x leaves the body out of a HEAD answer
    if (ctx.request().method() == HttpMethod.HEAD) {
      ctx.reroute(HttpMethod.GET, ctx.request().uri());
      return false;
    }
    return true;
  }

  static boolean canonical(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') return false;
    boolean strict = false;
    for (String prefix : STRICT) strict |= path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1));
    if (strict && (path.indexOf('%') >= 0 || path.length() > 1 && path.endsWith("/"))) return false;
    int start = 1;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) end = path.length();
      String segment = path.substring(start, end);
      if (segment.isEmpty() && end < path.length()) return false;
      if (!segmentOk(segment)) return false;
      start = end + 1;
    }
    return true;
  }

  private static boolean segmentOk(String segment) {
    StringBuilder decoded = new StringBuilder(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '\\' || c < 0x20 || c == 0x7f) return false;
      if (c == '%') {
        if (i + 2 >= segment.length()) return false;
        int hi = Character.digit(segment.charAt(i + 1), 16);
        int lo = Character.digit(segment.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) return false;
        int b = hi * 16 + lo;
        if (b == '/' || b == '\\' || b == '.' || b < 0x20 || b == 0x7f) return false;
        c = (char) b;
        i += 2;
      }
      decoded.append(c);
    }
    String d = decoded.toString();
    return !d.equals(".") && !d.equals("..");
  }
}
