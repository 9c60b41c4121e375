package chorus.campaign;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** How long and how large a take may be, and which audio types the browser may send. */
public record RecordingLimits(int minSeconds, int maxSeconds, long maxBytes, List<String> types) {

  public boolean accepts(String contentType) {
    return types.contains(baseType(contentType));
  }

  /** {@code audio/webm;codecs=opus} → {@code audio/webm}. */
  public static String baseType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
  }

  public JsonObject toJson() {
    return new JsonObject().put("minSeconds", minSeconds).put("maxSeconds", maxSeconds).put("maxBytes", maxBytes)
        .put("types", new JsonArray(types));
  }
}
