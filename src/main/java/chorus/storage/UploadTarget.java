package chorus.storage;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/** Where and how a client uploads one object: {@code method} to {@code url} with exactly these headers. */
public record UploadTarget(String method, String url, Map<String, String> headers, Instant expiresAt) {

  public JsonObject toJson() {
    JsonObject h = new JsonObject();
    headers.forEach(h::put);
    return new JsonObject().put("method", method).put("url", url).put("headers", h).put("expiresAt", expiresAt.toString());
  }
}
