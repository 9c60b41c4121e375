package chorus.ratelimit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Typed reads of the rate-limit policy file's fields; every error names the field. */
final class PolicyFields {

  private PolicyFields() {}

  static String string(JsonObject json, String key, String at) {
    Object v = json.getValue(key);
    if (v == null || v instanceof String) return (String) v;
    throw new IllegalArgumentException(at + "." + key + ": expected a string");
  }

  static JsonObject object(JsonObject json, String key, String at) {
    Object v = json.getValue(key);
    if (v == null) return new JsonObject();
    if (v instanceof JsonObject o) return o;
    throw new IllegalArgumentException(at + "." + key + ": expected an object");
  }

  static JsonArray array(JsonObject json, String key, String at) {
    Object v = json.getValue(key);
    if (v == null || v instanceof JsonArray) return (JsonArray) v;
    throw new IllegalArgumentException(at + "." + key + ": expected an array");
  }

  /** A positive whole number, or {@code dflt} when absent (absent and no default is an error). */
  static long positiveLong(JsonObject json, String key, Long dflt, String at) {
    Object v = json.getValue(key);
    if (v == null && dflt != null) return dflt;
    if (v instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() > 0) return n.longValue();
    throw new IllegalArgumentException(at + "." + key + ": expected a positive whole number (got " + v + ")");
  }
}
