package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.app.Launcher;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.ShippedLimits;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A take sent from the page to S3 through the presigned URL, as in production: the S3-compatible server (s3proxy)
 * carries the CORS rule the README tells operators to put on the bucket — read from the README itself, the example
 * origin replaced by the site's — and Chromium's preflight and PUT go to it, not to the app.
 */
class S3UploadBrowserTest {
  static final String EXAMPLE_ORIGIN = "https://sing.example.com";
  static S3Proxy s3;
  static URI s3Endpoint;
  static Vertx vertx;
  static TestApp app;
  static String origin;
  static Path files;

  /** The CORS rule of the README's Deploying section (the JSON block after "The rule"). */
  static JsonObject readmeRule() throws IOException {
    Matcher m = Pattern.compile("The rule \\(the CDK app sets the same one\\).*?```json\\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(Path.of("README.md")));
    assertThat(m.find()).as("the README documents the bucket's CORS rule").isTrue();
    JsonArray rules = new JsonObject(m.group(1)).getJsonArray("CORSRules");
    assertThat(rules).hasSize(1);
    return rules.getJsonObject(0);
  }

  /** The README's rule for s3proxy: its origins are regular expressions, and S3 matches header names case-insensitively. */
  static CrossOriginResourceSharing forS3proxy(JsonObject rule, String origin) {
    List<String> origins = rule.getJsonArray("AllowedOrigins").stream().map(o -> Pattern.quote(((String) o).replace(EXAMPLE_ORIGIN, origin))).toList();
    List<String> methods = rule.getJsonArray("AllowedMethods").stream().map(String::valueOf).toList();
    List<String> headers = rule.getJsonArray("AllowedHeaders").stream().map(String::valueOf)
        .flatMap(h -> java.util.stream.Stream.of(h, h.toLowerCase(java.util.Locale.ROOT))).distinct().toList();
    List<String> exposed = rule.getJsonArray("ExposeHeaders").stream().map(String::valueOf).toList();
    return new CrossOriginResourceSharing(origins, methods, headers, exposed, "false");
  }

  @BeforeAll
  static void start() throws Exception {
    Browser.requireChromium();
    int port = TestServices.freePort();
    origin = "http://127.0.0.1:" + port;
    s3Endpoint = URI.create("http://127.0.0.1:" + TestServices.freePort());
    TransientNio2BlobStore store = new TransientNio2BlobStore();
    store.createContainer(TestServices.BUCKET);
    s3 = S3Proxy.builder().blobStore(store).endpoint(s3Endpoint)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, TestServices.S3_KEY, TestServices.S3_SECRET)
        .corsRules(forS3proxy(readmeRule(), origin)).build();
    s3.start();
    while (!"STARTED".equals(s3.getState())) Thread.sleep(20);
    vertx = Launcher.newVertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of("http.port", port, "s3.endpoint", s3Endpoint.toString(),
        "ratelimit.file", ShippedLimits.file())));
    files = Files.createTempDirectory("chorus-s3-send");
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
      vertx.close().await();
    }
    if (s3 != null) s3.stop();
    if (files != null) {
      try (var list = Files.list(files)) {
        for (Path p : list.toList()) Files.delete(p);
      }
      Files.delete(files);
    }
  }

  @Test
  void aTakeGoesFromThePageToTheBucketThroughThePresignedUrlUnderTheReadmesCorsRule() throws Exception {
    String done = new JsonObject(Files.readString(Path.of("webroot/i18n/en.json"))).getString("uploadDone");
    try (Browser b = Browser.start("en", false)) {
      TakeSendingBrowserTest.takeReady(b, origin + "/", files);
      b.el("send").click();
      b.waitFor(Duration.ofSeconds(30), "the take to be in", d ->
          done.equals(b.el("send-status").getText()) || b.el("send-status").getAttribute("data-verdict") != null);
      // the bytes went to the bucket's origin, straight from the page
      @SuppressWarnings("unchecked")
      List<String> requests = (List<String>) b.js("return performance.getEntriesByType('resource').map(e => e.name)");
      assertThat(requests).anyMatch(u -> u.startsWith(s3Endpoint + "/" + TestServices.BUCKET + "/uploads/"));
      assertThat(requests).noneMatch(u -> u.startsWith(origin + "/upload/"));

      String id = (String) b.js("return localStorage.getItem('chorus.fanId')");
      HttpResponse<Buffer> fan = app.client.get("/api/fan").putHeader("Authorization", "Bearer " + id).send().await();
      JsonArray takes = fan.bodyAsJsonObject().getJsonArray("recordings");
      assertThat(takes).hasSize(1);
      assertThat(takes.getJsonObject(0).getString("status")).isEqualTo("complete");
      // the staged object was checked and copied to the take's key, in the bucket
      String staged = requests.stream().filter(u -> u.startsWith(s3Endpoint + "/" + TestServices.BUCKET + "/uploads/")).findFirst().orElseThrow();
      String name = URI.create(staged).getPath().replaceFirst(".*/uploads/", "");
      assertThat(name).startsWith(takes.getJsonObject(0).getString("recordingId"));
      ObjectStorage storage = Storages.create(vertx, app.config);
      assertThat(storage.head("recordings/" + name).await()).as("the completed take is in the bucket").isNotNull();
    }
  }

  @Test
  void aPreflightFromAnotherOriginIsRefused() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String from : new String[] {origin, "https://elsewhere.example"}) {
      var r = http.send(HttpRequest.newBuilder(URI.create(s3Endpoint + "/" + TestServices.BUCKET + "/uploads/x"))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", from).header("Access-Control-Request-Method", "PUT")
          .header("Access-Control-Request-Headers", "content-type").build(), java.net.http.HttpResponse.BodyHandlers.discarding());
      String allowed = r.headers().firstValue("Access-Control-Allow-Origin").orElse(null);
      if (from.equals(origin)) assertThat(allowed).as("the site's own origin").isEqualTo(origin);
      else assertThat(allowed).as("another origin").isNull();
    }
  }
}
