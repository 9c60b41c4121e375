package chorus.core;

import java.util.function.Predicate;

/**
 * One configuration setting: its key in {@code conf/chorus.json}, the environment variable that overrides
 * it, what values it takes, and whether production must set it (local mode falls back to an embedded
 * service or a generated value instead).
 */
public record Setting(String key, String env, Type type, boolean requiredInProduction, String description,
                      Predicate<String> check, String expectation) {

  public enum Type { STRING, INT, BOOLEAN, URL, SECRET }

  static Setting of(String key, Type type, String description) {
    return new Setting(key, envName(key), type, false, description, v -> true, null);
  }

  Setting required() {
    return new Setting(key, env, type, true, description, check, expectation);
  }

  Setting checked(Predicate<String> check, String expectation) {
    return new Setting(key, env, type, requiredInProduction, description, check, expectation);
  }

  /** {@code pg.poolSize} → {@code CHORUS_PG_POOL_SIZE}. */
  public static String envName(String key) {
    StringBuilder sb = new StringBuilder("CHORUS_");
    for (char c : key.toCharArray()) {
      if (c == '.') sb.append('_');
      else if (Character.isUpperCase(c)) sb.append('_').append(c);
      else sb.append(Character.toUpperCase(c));
    }
    return sb.toString();
  }
}
