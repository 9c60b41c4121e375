package chorus.core;

import io.vertx.core.json.JsonObject;

/** Validated settings. Verticles receive {@link #json()} as their deployment config and rebuild it with {@link #of}. */
public record Config(JsonObject json) {

  public static Config of(JsonObject json) {
    return new Config(json);
  }

  public String mode() { return json.getString("mode"); }
  public boolean local() { return Settings.MODE_LOCAL.equals(mode()); }
  public String string(String key) { return json.getString(key); }
  public String string(String key, String fallback) { return json.getString(key, fallback); }
  public int integer(String key) { return json.getInteger(key); }
  public boolean flag(String key) { return json.getBoolean(key, false); }
  public boolean has(String key) { return json.getValue(key) != null; }

  public Config with(String key, Object value) {
    return new Config(json.copy().put(key, value));
  }
}
