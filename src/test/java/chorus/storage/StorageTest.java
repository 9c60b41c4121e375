package chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.core.Config;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same round trip on both implementations: local disk (through the app's signed URL) and S3 (s3proxy). */
class StorageTest {
  static Vertx vertx;
  static TestApp localApp;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    localApp = TestApp.start(vertx, TestServices.get().localStorageConfig(Map.of()));
  }

  @AfterAll
  static void stop() {
    localApp.close();
    vertx.close().await();
  }

  static ObjectStorage local() {
    return Storages.create(vertx, localApp.config);
  }

  static ObjectStorage s3() {
    return Storages.create(vertx, TestServices.get().config(Map.of()));
  }

  @Test
  void localRoundTrip() throws Exception {
    assertThat(local().kind()).isEqualTo("local");
    roundTrip(local());
  }

  @Test
  void s3RoundTrip() throws Exception {
    assertThat(s3().kind()).isEqualTo("s3");
    roundTrip(s3());
  }

  @Test
  void localPresignedPutWorksFromAPlainHttpClient() throws Exception {
    presignedUpload(local());
  }

  @Test
  void s3PresignedPutWorksFromAPlainHttpClient() throws Exception {
    presignedUpload(s3());
  }

  @Test
  void localUploadUrlRefusesAnotherTypeTooManyBytesAndTampering() throws Exception {
    ObjectStorage storage = local();
    UploadTarget t = storage.presignPut("rec/guard.webm", "audio/webm", 10, Duration.ofMinutes(5)).await();
    HttpClient http = HttpClient.newHttpClient();
    assertThat(put(http, t.url(), "audio/ogg", "0123456789").statusCode()).isEqualTo(415);
    assertThat(put(http, t.url(), "audio/webm", "0123456789AB").statusCode()).isEqualTo(413);
    HttpResponse<String> forged = put(http, t.url().replace("max=10", "max=99999"), "audio/webm", "0123456789");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(storage.head("rec/guard.webm").await()).isNull();
  }

  @Test
  void presignedGetWorksFromAPlainHttpClientOnBothAndTamperingIsRefused() throws Exception {
    for (ObjectStorage storage : new ObjectStorage[] {local(), s3()}) {
      String key = "rec/" + System.nanoTime() + "-get.ogg";
      storage.put(key, Buffer.buffer("OggS take"), "audio/ogg").await();
      String url = storage.presignGet(key, Duration.ofMinutes(5)).await();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(storage.kind()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("OggS take");
      HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(url.replace("-get.ogg", "-other.ogg"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(forged.statusCode()).as(storage.kind()).isEqualTo(403);
    }
  }

  @Test
  void badKeysAreRefused() {
    assertThatThrownBy(() -> local().put("../etc/passwd", Buffer.buffer("x"), "text/plain"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s3().head("/abs")).isInstanceOf(IllegalArgumentException.class);
  }

  private static void roundTrip(ObjectStorage storage) throws Exception {
    String key = "test/" + System.nanoTime() + "/hello.txt";
    storage.check().await();
    assertThat(storage.head(key).await()).isNull();
    storage.put(key, Buffer.buffer("hello, chorus"), "text/plain").await();
    assertThat(storage.get(key).await().toString()).isEqualTo("hello, chorus");
    ObjectInfo info = storage.head(key).await();
    assertThat(info.size()).isEqualTo(13);
    assertThat(info.contentType()).startsWith("text/plain");
    assertThat(storage.readHead(key, 5).await().toString()).isEqualTo("hello");
    storage.delete(key).await();
    assertThat(storage.head(key).await()).isNull();
    assertThatThrownBy(() -> storage.get(key).await()).isInstanceOf(MissingObjectException.class);
    storage.delete(key).await();
  }

  private static void presignedUpload(ObjectStorage storage) throws Exception {
    String key = "rec/" + System.nanoTime() + ".webm";
    byte[] body = "\u001aE\u00df\u00a3 pretend webm".getBytes(StandardCharsets.ISO_8859_1);
    UploadTarget t = storage.presignPut(key, "audio/webm", 1000, Duration.ofMinutes(5)).await();
    assertThat(t.method()).isEqualTo("PUT");
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(t.url())).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    t.headers().forEach((k, v) -> {
      if (!k.equalsIgnoreCase("content-length")) req.header(k, v);
    });
    HttpResponse<String> r = HttpClient.newHttpClient().send(req.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    ObjectInfo info = storage.head(key).await();
    assertThat(info.size()).isEqualTo(body.length);
    assertThat(info.contentType()).isEqualTo("audio/webm");
    assertThat(storage.get(key).await().getBytes()).isEqualTo(body);
  }

  private static HttpResponse<String> put(HttpClient http, String url, String type, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
