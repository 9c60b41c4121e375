package chorus.support;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import nu.validator.client.EmbeddedValidator;
import org.xml.sax.SAXException;

/**
 * The Nu Html Checker (the engine behind validator.w3.org/nu and {@code vnu.jar}), in-process: the errors it finds
 * in a document, one line each ({@code line:column message}); warnings and info are not errors and are left out.
 */
public final class HtmlChecker {
  private HtmlChecker() {}

  public static List<String> errors(String html) {
    EmbeddedValidator validator = new EmbeddedValidator();
    validator.setOutputFormat(EmbeddedValidator.OutputFormat.JSON);
    String out;
    try {
      out = validator.validate(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException | SAXException e) {
      throw new IllegalStateException("the Nu Html Checker could not read the document", e);
    }
    List<String> errors = new ArrayList<>();
    for (Object o : new JsonObject(out).getJsonArray("messages")) {
      JsonObject m = (JsonObject) o;
      if ("error".equals(m.getString("type")) || "non-document-error".equals(m.getString("type"))) {
        errors.add(m.getInteger("lastLine", 0) + ":" + m.getInteger("lastColumn", 0) + " " + m.getString("message"));
      }
    }
    return errors;
  }
}
