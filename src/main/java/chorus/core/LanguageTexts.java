package chorus.core;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Texts per language from {@code <folder>/<lang>.json} on the classpath, each file checked to carry every key of the reference one. */
public final class LanguageTexts {
  private LanguageTexts() {}

  /** Throws {@link IllegalStateException} for a missing file or a key the reference language has and another lacks. */
  public static Map<String, JsonObject> load(String folder, List<String> languages, String reference) {
    Map<String, JsonObject> m = new HashMap<>();
    for (String lang : languages) {
      try (InputStream in = LanguageTexts.class.getResourceAsStream("/" + folder + "/" + lang + ".json")) {
        if (in == null) throw new IllegalStateException("missing " + folder + " texts for " + lang);
        m.put(lang, new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    JsonObject ref = m.get(reference);
    m.forEach((lang, texts) -> ref.fieldNames().forEach(k -> {
      if (texts.getString(k, "").isBlank()) throw new IllegalStateException(folder + " text '" + k + "' missing for " + lang);
    }));
    return Map.copyOf(m);
  }
}
