package chorus.http;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.support.TestServices;
import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The production website from memory: the variant the client accepts, a strong ETag, 304, ranges from disk. */
class WebrootCacheTest {
  private static Vertx vertx;
  private static TestApp app;
  private static String asset;
  private static byte[] assetBytes;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of()));
    try (Stream<Path> files = Files.list(Path.of("webroot/assets"))) {
      Path largest = files.filter(f -> f.toString().endsWith(".js")).max(Comparator.comparingLong(WebrootCacheTest::size)).orElseThrow();
      asset = "/assets/" + largest.getFileName();
      assetBytes = Files.readAllBytes(largest);
    }
    // the cache is read off the event loop after start-up and Brotli is added after it: wait for both
    long until = System.currentTimeMillis() + 30_000;
    while (!String.valueOf(get(asset, "br").getHeader("Content-Encoding")).equals("br")) {
      assertThat(System.currentTimeMillis()).as("Brotli variants within 30 s").isLessThan(until);
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static HttpResponse<Buffer> get(String path, String acceptEncoding) {
    var req = app.client.get(path);
    if (acceptEncoding != null) req.putHeader("Accept-Encoding", acceptEncoding);
    return req.send().await();
  }

  @Test
  void eachClientGetsTheSmallestVariantItTakesAndTheSameBytes() throws IOException {
    HttpResponse<Buffer> br = get(asset, "gzip, deflate, br");
    assertThat(br.getHeader("Content-Encoding")).isEqualTo("br");
    Brotli4jLoader.ensureAvailability();
    assertThat(Decoder.decompress(br.body().getBytes()).getDecompressedData()).isEqualTo(assetBytes);

    HttpResponse<Buffer> gz = get(asset, "gzip");
    assertThat(gz.getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(new GZIPInputStream(new ByteArrayInputStream(gz.body().getBytes())).readAllBytes()).isEqualTo(assetBytes);
    assertThat(gz.body().length()).isLessThan(assetBytes.length).isGreaterThan(br.body().length());

    HttpResponse<Buffer> plain = get(asset, null);
    assertThat(plain.getHeader("Content-Encoding")).isNull();
    assertThat(plain.body().getBytes()).isEqualTo(assetBytes);
    assertThat(get(asset, "gzip;q=0, br;q=0").getHeader("Content-Encoding")).as("q=0 refuses a coding").isNull();
    assertThat(get(asset, "br;q=0, gzip;q=0.5").getHeader("Content-Encoding")).isEqualTo("gzip");

    for (HttpResponse<Buffer> r : java.util.List.of(br, gz, plain)) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.getHeader("Content-Type")).startsWith("text/javascript");
      assertThat(r.getHeader("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
      assertThat(r.getHeader("Vary")).isEqualTo("Accept-Encoding");
    }
    assertThat(java.util.Set.of(br.getHeader("ETag"), gz.getHeader("ETag"), plain.getHeader("ETag"))).as("one ETag per variant").hasSize(3);
  }

  @Test
  void aMatchingETagIs304WithoutABody() {
    String etag = get(asset, "gzip").getHeader("ETag");
    HttpResponse<Buffer> again = app.client.get(asset).putHeader("Accept-Encoding", "gzip").putHeader("If-None-Match", "\"other\", " + etag).send().await();
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body() == null || again.body().length() == 0).isTrue();
    assertThat(again.getHeader("ETag")).isEqualTo(etag);
    HttpResponse<Buffer> changed = app.client.get(asset).putHeader("If-None-Match", "\"other\"").send().await();
    assertThat(changed.statusCode()).isEqualTo(200);
  }

  @Test
  void aStaticPageIsRevalidatedAndCarriesItsPolicy() throws IOException {
    // the fan page (/) is filled per language by the fan routes; the console's page is a static one
    HttpResponse<Buffer> r = get("/console/", "br, gzip");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("text/html");
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(r.getHeader("Content-Security-Policy")).contains("default-src 'self'");
    assertThat(r.getHeader("Content-Encoding")).isIn("br", "gzip");
    HttpResponse<Buffer> head = app.client.head("/console/").putHeader("Accept-Encoding", "gzip").send().await();
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("ETag")).isEqualTo(get("/console/", "gzip").getHeader("ETag"));
    assertThat(head.body() == null || head.body().length() == 0).as("HEAD: no body").isTrue();
    assertThat(get("/console/", null).body().getBytes()).isEqualTo(Files.readAllBytes(Path.of("webroot/console/index.html")));
  }

  @Test
  void rangesAndLargeFilesComeFromDisk() throws IOException {
    HttpResponse<Buffer> range = app.client.get(asset).putHeader("Range", "bytes=0-9").send().await();
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body().getBytes()).isEqualTo(java.util.Arrays.copyOf(assetBytes, 10));
    Path big;
    try (Stream<Path> files = Files.walk(Path.of("webroot"))) {
      big = files.filter(Files::isRegularFile).filter(f -> size(f) > WebrootCache.MAX_FILE_BYTES).findFirst().orElseThrow();
    }
    HttpResponse<Buffer> r = get("/" + Path.of("webroot").relativize(big).toString().replace('\\', '/'), "gzip, br");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().length()).as("not compressed again").isEqualTo((int) Files.size(big));
    assertThat(r.getHeader("Content-Encoding")).isNull();
    assertThat(get("/assets/nope.js", "gzip").statusCode()).isEqualTo(404);
  }

  @Test
  void acceptEncodingIsReadWithItsWeights() {
    assertThat(StaticFiles.accepts("gzip, deflate, br", "br")).isTrue();
    assertThat(StaticFiles.accepts("gzip;q=0.8", "gzip")).isTrue();
    assertThat(StaticFiles.accepts("gzip;q=0", "gzip")).isFalse();
    assertThat(StaticFiles.accepts("gzip; q=0.000", "gzip")).isFalse();
    assertThat(StaticFiles.accepts("*", "br")).isTrue();
    assertThat(StaticFiles.accepts("deflate", "gzip")).isFalse();
    assertThat(StaticFiles.accepts("gzip;q=lots", "gzip")).isFalse();
    assertThat(StaticFiles.matches("W/\"a\", \"b\"", "\"a\"")).isTrue();
    assertThat(StaticFiles.matches("\"c\"", "\"a\"")).isFalse();
  }
}
