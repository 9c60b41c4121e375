package chorus.render;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The shared fan-name fixtures (src/test/resources/fixtures/fan-names.jsonl). */
final class FanNames {
  private FanNames() {}

  /** Every fixture name whose {@code expect} is {@code render}. */
  static List<String> toRender() {
    try (InputStream in = FanNames.class.getResourceAsStream("/fixtures/fan-names.jsonl")) {
      if (in == null) {
        throw new IllegalStateException("fixtures/fan-names.jsonl missing from test resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.isBlank())
          .map(JsonObject::new)
          .filter(o -> "render".equals(o.getString("expect")))
          .map(o -> o.getString("name"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
