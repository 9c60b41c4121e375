package chorus.core;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reply body of {@link Addresses#RENDER_ARTWORK}: the stored image of each template, by template id. */
public record RenderResult(Map<String, Image> images) {

  /** One stored artwork image. */
  public record Image(String key, int width, int height, int bytes) {
    public JsonObject toJson() {
      return new JsonObject().put("key", key).put("width", width).put("height", height).put("bytes", bytes);
    }

    public static Image fromJson(JsonObject j) {
      return new Image(j.getString("key"), j.getInteger("width"), j.getInteger("height"), j.getInteger("bytes"));
    }

    /** The image as a client sees it: its URL instead of its storage key. */
    public JsonObject toLink(String url) {
      return new JsonObject().put("url", url).put("width", width).put("height", height).put("bytes", bytes);
    }
  }

  /** Where artwork images are served: {@code <publicBaseUrl>/media/<key>}. */
  public static final String MEDIA_PATH = "/media/";

  /** The images as the API shows them: {@code {cover:{url,width,height,bytes}, ...}}, absolute URLs, no storage keys. */
  public JsonObject links(String baseUrl) {
    JsonObject j = new JsonObject();
    images.forEach((id, img) -> j.put(id, img.toLink(baseUrl + MEDIA_PATH + img.key())));
    return j;
  }

  /** {@code {cover:{key,width,height,bytes}, ...}}, as the artworks table stores it. */
  public JsonObject imagesJson() {
    JsonObject j = new JsonObject();
    images.forEach((id, img) -> j.put(id, img.toJson()));
    return j;
  }

  public JsonObject toJson() {
    return new JsonObject().put("images", imagesJson());
  }

  public static RenderResult fromJson(JsonObject json) {
    return ofImages(json.getJsonObject("images"));
  }

  public static RenderResult ofImages(JsonObject images) {
    Map<String, Image> m = new LinkedHashMap<>();
    images.forEach(e -> m.put(e.getKey(), Image.fromJson((JsonObject) e.getValue())));
    return new RenderResult(m);
  }
}
