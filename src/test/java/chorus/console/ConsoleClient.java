package chorus.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** One browser on the console: keeps its cookies (session, XSRF-TOKEN) and echoes the CSRF token on POSTs. */
public final class ConsoleClient {
  private final WebClient client;
  public final Map<String, String> cookies = new LinkedHashMap<>();
  final Map<String, String> setCookieHeaders = new LinkedHashMap<>();
  String email;

  ConsoleClient(WebClient client) {
    this.client = client;
  }

  HttpResponse<Buffer> get(String path) {
    return keep(withCookies(client.get(path)).send().await());
  }

  HttpResponse<Buffer> post(String path, JsonObject body) {
    HttpRequest<Buffer> r = withCookies(client.post(path));
    if (cookies.containsKey("XSRF-TOKEN")) r.putHeader("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
    return keep((body == null ? r.send() : r.sendJsonObject(body)).await());
  }

  HttpResponse<Buffer> put(String path, JsonObject body) {
    HttpRequest<Buffer> r = withCookies(client.put(path));
    if (cookies.containsKey("XSRF-TOKEN")) r.putHeader("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
    return keep(r.sendJsonObject(body).await());
  }

  /** A POST without the CSRF header (the cookies still go). */
  HttpResponse<Buffer> postWithoutToken(String path, JsonObject body) {
    return keep(withCookies(client.post(path)).sendJsonObject(body).await());
  }

  /** Fetches the session state (and with it a CSRF token), then signs in. */
  HttpResponse<Buffer> login(String email, String password) {
    assertThat(get("/console/api/session").statusCode()).isEqualTo(200);
    return post("/console/api/login", new JsonObject().put("email", email).put("password", password));
  }

  private HttpRequest<Buffer> withCookies(HttpRequest<Buffer> r) {
    if (!cookies.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      cookies.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "; ").append(k).append('=').append(v));
      r.putHeader("Cookie", sb.toString());
    }
    return r;
  }

  private HttpResponse<Buffer> keep(HttpResponse<Buffer> r) {
    for (String c : r.cookies()) {
      String pair = c.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq).trim();
      String value = pair.substring(eq + 1).trim();
      setCookieHeaders.put(name, c);
      if (value.isEmpty() || c.toLowerCase().contains("max-age=0")) cookies.remove(name);
      else cookies.put(name, value);
    }
    return r;
  }
}
