package chorus.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A failure the caller can act on, raised by any layer: what kind it is, a stable type slug, a title and
 * a detail a person can read, and extension members (the field at fault, when to retry). It names no
 * transport: the HTTP side ({@code chorus.http.ProblemHandler}) is the one place that maps a kind to a
 * status and writes RFC 9457 problem JSON.
 */
public final class Failure extends RuntimeException {

  /** What went wrong, from the caller's side. */
  public enum Kind {
    INVALID, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, GONE, LENGTH_REQUIRED, TOO_LARGE, UNSUPPORTED_TYPE,
    UNPROCESSABLE, LIMITED, INTERNAL, UNAVAILABLE, TIMEOUT
  }

  private final Kind kind;
  private final String type;
  private final String title;
  private final JsonObject extensions = new JsonObject();

  public Failure(Kind kind, String type, String title, String detail) {
    super(detail, null, false, false);
    this.kind = kind;
    this.type = type;
    this.title = title;
  }

  public static Failure of(Kind kind, String type, String title, String detail) {
    return new Failure(kind, type, title, detail);
  }

  public static Failure invalid(String detail) {
    return new Failure(Kind.INVALID, "bad-request", "Bad request", detail);
  }

  /** An invalid value that names the offending field, as a form can show next to the input. */
  public static Failure invalidField(String field, String detail) {
    return new Failure(Kind.INVALID, "invalid-field", "Invalid field", detail)
        .with("errors", new JsonArray().add(new JsonObject().put("field", field).put("detail", detail)));
  }

  public static Failure unauthorized(String detail) {
    return new Failure(Kind.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
  }

  public static Failure forbidden(String detail) {
    return new Failure(Kind.FORBIDDEN, "forbidden", "Forbidden", detail);
  }

  public static Failure notFound(String detail) {
    return new Failure(Kind.NOT_FOUND, "not-found", "Not found", detail);
  }

  public static Failure conflict(String type, String detail) {
    return new Failure(Kind.CONFLICT, type, "Conflict", detail);
  }

  public static Failure gone(String type, String title, String detail) {
    return new Failure(Kind.GONE, type, title, detail);
  }

  public static Failure tooLarge(String detail) {
    return new Failure(Kind.TOO_LARGE, "too-large", "Payload too large", detail);
  }

  public static Failure limited(String detail, long retryAfterSeconds) {
    return new Failure(Kind.LIMITED, "rate-limited", "Too many requests", detail).with("retryAfter", retryAfterSeconds);
  }

  public static Failure unavailable(String detail, long retryAfterSeconds) {
    return new Failure(Kind.UNAVAILABLE, "unavailable", "Service unavailable", detail).with("retryAfter", retryAfterSeconds);
  }

  public Failure with(String key, Object value) {
    extensions.put(key, value);
    return this;
  }

  public Kind kind() { return kind; }
  public String type() { return type; }
  public String title() { return title; }
  public String detail() { return getMessage(); }
  public JsonObject extensions() { return extensions; }

  /** Seconds after which a retry may succeed, or -1 when the failure carries none. */
  public long retryAfter() {
    Object v = extensions.getValue("retryAfter");
    return v instanceof Number n ? n.longValue() : -1;
  }
}
