package chorus.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deadline bounds the wait for an answer's start, never a download that is under way. */
class DeadlineHandlerTest {
  static Vertx vertx;
  static HttpServer server;
  static WebClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(new Deadline(300));
    router.get("/hang").handler(ctx -> {});
    router.get("/stream").handler(ctx -> {
      ctx.response().setChunked(true).write("first part,");
      ctx.vertx().setTimer(900, t -> ctx.response().end("last part"));
    });
    router.route().failureHandler(ctx -> ctx.response().setStatusCode(ctx.statusCode()).end("failed " + ctx.statusCode()));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void anAnswerThatNeverStartsFailsWith503AtTheDeadline() throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<Buffer> r = client.get(server.actualPort(), "127.0.0.1", "/hang").send().toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(ms).isBetween(250L, 3000L);
  }

  @Test
  void aStreamingAnswerRunsPastTheDeadlineToItsEnd() throws Exception {
    HttpResponse<Buffer> r = client.get(server.actualPort(), "127.0.0.1", "/stream").send().toCompletionStage().toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).isEqualTo("first part,last part");
  }
}
