package chorus.core;

/** A bad or missing setting. The message names the setting so ops can fix it without reading code. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
