package chorus.support;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The shared test fixtures, copied into the test resources. */
public final class Fixtures {
  private Fixtures() {}

  /** {@code fixtures/fan-names.jsonl}: name, script, expect (render, accept-escaped or reject). */
  public static List<JsonObject> fanNames() {
    try (var in = new BufferedReader(new InputStreamReader(Fixtures.class.getResourceAsStream("/fixtures/fan-names.jsonl"), StandardCharsets.UTF_8))) {
      return in.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
