package chorus.http;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Readiness follows the database: 503 naming it while it is down, 200 again once it is back. */
class ReadinessTest {

  @Test
  void readinessGoes503WhenTheDatabaseStopsAndBackTo200WhenItReturns() throws Exception {
    Path dir = Files.createTempDirectory("chorus-ready-pg");
    int port = TestServices.freePort();
    EmbeddedPostgres pg = TestServices.startPostgres(dir, port);
    Vertx vertx = Vertx.vertx();
    TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of("pg.url", TestServices.pgUrl(port))));
    try {
      HttpResponse<Buffer> up = app.client.get("/health/ready").send().await();
      assertThat(up.statusCode()).as(up.bodyAsString()).isEqualTo(200);

      pg.close();
      HttpResponse<Buffer> down = up;
      for (int i = 0; i < 50 && down.statusCode() != 503; i++) { // the answer is cached for a second
        Thread.sleep(100);
        down = app.client.get("/health/ready").send().await();
      }
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.bodyAsJsonObject().getJsonArray("failing").getList()).containsExactly("database");
      assertThat(down.bodyAsString()).as("no backend error text (it names hosts and ports)")
          .doesNotContain(String.valueOf(port)).doesNotContainIgnoringCase("connect").doesNotContain("error");

      pg = TestServices.startPostgres(dir, port);
      int status = 0;
      for (int i = 0; i < 50 && status != 200; i++) {
        Thread.sleep(200);
        status = app.client.get("/health/ready").send().await().statusCode();
      }
      assertThat(status).isEqualTo(200);
    } finally {
      app.close();
      vertx.close().await();
      pg.close();
    }
  }
}
