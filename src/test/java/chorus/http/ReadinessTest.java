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

/**
 * Readiness is about this instance, not the shared database: it stays 200 while the database is down (every
 * container would otherwise leave the load balancer at once), and /health/details names the database until
 * it is back.
 */
class ReadinessTest {

  @Test
  void readinessStaysUpWhileTheDatabaseIsDownAndDetailsNameItUntilItReturns() throws Exception {
    Path dir = Files.createTempDirectory("chorus-ready-pg");
    int port = TestServices.freePort();
    EmbeddedPostgres pg = TestServices.startPostgres(dir, port);
    Vertx vertx = Vertx.vertx();
    TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of("pg.url", TestServices.pgUrl(port))));
    try {
      assertThat(app.client.get("/health/details").send().await().statusCode()).isEqualTo(200);

      pg.close();
      HttpResponse<Buffer> ready = app.client.get("/health/ready").send().await();
      assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
      HttpResponse<Buffer> down = app.client.get("/health/details").send().await();
      for (int i = 0; i < 50 && down.statusCode() != 503; i++) { // the probe round is shared for a second
        Thread.sleep(100);
        down = app.client.get("/health/details").send().await();
      }
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.bodyAsJsonObject().getJsonArray("failing").getList()).containsExactly("database");
      assertThat(down.bodyAsJsonObject().getBoolean("ready")).isTrue();
      assertThat(down.bodyAsString()).as("no backend error text (it names hosts and ports)")
          .doesNotContain(String.valueOf(port)).doesNotContainIgnoringCase("connect").doesNotContain("error");

      pg = TestServices.startPostgres(dir, port);
      int status = 0;
      for (int i = 0; i < 50 && status != 200; i++) {
        Thread.sleep(200);
        status = app.client.get("/health/details").send().await().statusCode();
      }
      assertThat(status).isEqualTo(200);
    } finally {
      app.close();
      vertx.close().await();
      pg.close();
    }
  }

  @Test
  void drainingInstanceAnswersNotReadyWhileStillServing() throws Exception {
    Vertx vertx = Vertx.vertx();
    TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of("http.drainSeconds", 3)));
    try {
      assertThat(app.client.get("/health/ready").send().await().statusCode()).isEqualTo(200);
      // the main verticle's deployment (deploymentIDs() holds its children too, in no order)
      var undeploy = vertx.undeploy(app.deployment);
      int ready = 0;
      for (int i = 0; i < 20 && ready != 503; i++) {
        Thread.sleep(50);
        ready = app.client.get("/health/ready").send().await().statusCode();
      }
      assertThat(ready).as("readiness while draining").isEqualTo(503);
      assertThat(app.client.get("/api/locale").send().await().statusCode()).as("still serving").isEqualTo(200);
      undeploy.await();
    } finally {
      app.close();
      vertx.close().await();
    }
  }
}
