package chorus.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.UUID;

/** One fan as the browser would be: a random UUID v4 sent as the bearer token on every call. */
public final class FanClient {
  public final String token = UUID.randomUUID().toString();
  private final WebClient client;

  public FanClient(WebClient client) {
    this.client = client;
  }

  public HttpResponse<Buffer> post(String path, JsonObject body) {
    return client.post(path).putHeader("Authorization", "Bearer " + token).sendJsonObject(body).await();
  }

  public HttpResponse<Buffer> get(String path) {
    return client.get(path).putHeader("Authorization", "Bearer " + token).send().await();
  }

  public HttpResponse<Buffer> delete(String path) {
    return client.delete(path).putHeader("Authorization", "Bearer " + token).send().await();
  }

  public static JsonObject subscription(String email, String name) {
    return new JsonObject().put("email", email).put("name", name).put("team", "aurora").put("lang", "en")
        .put("newsletter", true).put("contest", false);
  }
}
