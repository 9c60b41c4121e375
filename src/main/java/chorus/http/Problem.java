package chorus.http;

import chorus.core.Failure;
import io.vertx.core.json.JsonObject;

/**
 * An RFC 9457 problem as it goes on the wire: the HTTP face of a {@link Failure}. {@link #of(Failure)} is
 * the one mapping from a failure's kind to a status; {@link ProblemHandler} writes the result as
 * {@code application/problem+json}.
 */
record Problem(int status, String type, String title, String detail, JsonObject extensions) {

  static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://chorus.invalid/problems/";

  static Problem of(int status, String type, String title, String detail) {
    return new Problem(status, type, title, detail, new JsonObject());
  }

  static Problem of(Failure f) {
    return new Problem(status(f.kind()), f.type(), f.title(), f.detail(), f.extensions());
  }

  static int status(Failure.Kind kind) {
    return switch (kind) {
      case INVALID -> 400;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case GONE -> 410;
      case LENGTH_REQUIRED -> 411;
      case TOO_LARGE -> 413;
      case UNSUPPORTED_TYPE -> 415;
      case UNPROCESSABLE -> 422;
      case LIMITED -> 429;
      case INTERNAL -> 500;
      case UNAVAILABLE -> 503;
      case TIMEOUT -> 504;
    };
  }

  /** Seconds for a {@code Retry-After} header, or -1 when the problem carries none. */
  long retryAfter() {
    Object v = extensions.getValue("retryAfter");
    return v instanceof Number n ? n.longValue() : -1;
  }

  JsonObject toJson(String instance) {
    JsonObject json = new JsonObject().put("type", TYPE_BASE + type).put("title", title).put("status", status);
    if (detail != null) json.put("detail", detail);
    if (instance != null) json.put("instance", instance);
    extensions.forEach(e -> json.put(e.getKey(), e.getValue()));
    return json;
  }
}
