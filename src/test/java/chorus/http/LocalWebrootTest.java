package chorus.http;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** In local mode an edit under webroot/ shows on the next request, without a restart. */
class LocalWebrootTest {

  @Test
  void editsToWebrootShowWithoutARestartInLocalMode() throws Exception {
    Path webroot = Files.createTempDirectory("chorus-webroot");
    Files.createSymbolicLink(webroot.resolve("campaign"), Path.of("webroot/campaign").toAbsolutePath());
    Files.createSymbolicLink(webroot.resolve("i18n"), Path.of("webroot/i18n").toAbsolutePath()); // the share page's texts
    Files.writeString(webroot.resolve("page.html"), "<p>first</p>");
    Vertx vertx = Vertx.vertx();
    TestApp app = TestApp.start(vertx, TestServices.get().localStorageConfig(Map.of("mode", "local", "webroot", webroot.toString())));
    try {
      var first = app.client.get("/page.html").send().await();
      assertThat(first.bodyAsString()).isEqualTo("<p>first</p>");
      assertThat(first.getHeader("Cache-Control")).isEqualTo("no-cache");
      Files.writeString(webroot.resolve("page.html"), "<p>second, edited</p>");
      assertThat(app.client.get("/page.html").send().await().bodyAsString()).isEqualTo("<p>second, edited</p>");
    } finally {
      app.close();
      vertx.close().await();
    }
  }
}
