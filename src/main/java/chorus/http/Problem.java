package chorus.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An RFC 9457 problem. Handlers fail the routing context with one
 * ({@code ctx.fail(Problem.badRequest(...))}); the single error handler in
 * {@link ProblemHandler} writes it as {@code application/problem+json}.
 */
public final class Problem extends RuntimeException {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://chorus.invalid/problems/";

  private final int status;
  private final String type;
  private final String title;
  private final JsonObject extensions = new JsonObject();

  public Problem(int status, String type, String title, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
  }

  public static Problem of(int status, String type, String title, String detail) {
    return new Problem(status, type, title, detail);
  }

  public static Problem badRequest(String detail) {
    return new Problem(400, "bad-request", "Bad request", detail);
  }

  /** A 400 that names the offending field, as a form can show next to the input. */
  public static Problem invalidField(String field, String detail) {
    return new Problem(400, "invalid-field", "Invalid field", detail)
        .with("errors", new JsonArray().add(new JsonObject().put("field", field).put("detail", detail)));
  }

  public static Problem unauthorized(String detail) {
    return new Problem(401, "unauthorized", "Unauthorized", detail);
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "not-found", "Not found", detail);
  }

  public static Problem conflict(String type, String detail) {
    return new Problem(409, type, "Conflict", detail);
  }

  public static Problem tooManyRequests(String detail, long retryAfterSeconds) {
    return new Problem(429, "rate-limited", "Too many requests", detail).with("retryAfter", retryAfterSeconds);
  }

  public static Problem unavailable(String detail, long retryAfterSeconds) {
    return new Problem(503, "unavailable", "Service unavailable", detail).with("retryAfter", retryAfterSeconds);
  }

  public Problem with(String key, Object value) {
    extensions.put(key, value);
    return this;
  }

  public int status() { return status; }
  public String type() { return type; }
  public String title() { return title; }
  public String detail() { return getMessage(); }
  public JsonObject extensions() { return extensions; }

  /** Seconds for a {@code Retry-After} header, or -1 when the problem carries none. */
  public long retryAfter() {
    Object v = extensions.getValue("retryAfter");
    return v instanceof Number n ? n.longValue() : -1;
  }

  public JsonObject toJson(String instance) {
    JsonObject json = new JsonObject()
        .put("type", TYPE_BASE + type)
        .put("title", title)
        .put("status", status);
    if (getMessage() != null) json.put("detail", getMessage());
    if (instance != null) json.put("instance", instance);
    extensions.forEach(e -> json.put(e.getKey(), e.getValue()));
    return json;
  }
}
