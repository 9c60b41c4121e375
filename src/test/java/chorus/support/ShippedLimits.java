package chorus.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The policies as shipped in {@code conf/ratelimit.json}, under a Redis key prefix of their own so requests of
 * other test classes (all from 127.0.0.1) do not count against them. The limits are untouched unless a test
 * says what it changes.
 */
public final class ShippedLimits {
  private ShippedLimits() {}

  public static JsonObject json() {
    try {
      JsonObject shipped = new JsonObject(Files.readString(Path.of("conf/ratelimit.json")));
      shipped.getJsonObject("redis").put("keyPrefix", "chorus:rl:" + UUID.randomUUID());
      return shipped;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file with the shipped policies (fresh key prefix), for {@code ratelimit.file}. */
  public static String file() {
    return file(p -> {});
  }

  /** The shipped policies changed by {@code edit} (for tests of something else than the journey). */
  public static String file(Consumer<JsonObject> edit) {
    try {
      JsonObject json = json();
      edit.accept(json);
      Path file = Files.createTempFile("ratelimit", ".json");
      Files.writeString(file, json.encode());
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
