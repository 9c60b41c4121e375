package chorus.fan;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chorus.app.Launcher;
import chorus.core.Config;
import chorus.support.ShippedLimits;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The page's own error reports on the shipped limits: counted per kind in the metrics, logged without personal
 * data, bounded per address, refused when malformed; and a spike of them posts one alert to the webhook.
 */
class ClientErrorsTest {

  static JsonObject report(String message) {
    return new JsonObject().put("kind", "error").put("message", message).put("lang", "en")
        .put("source", "https://chorus.example/assets/sing.js?fan=jane@example.com").put("line", 12).put("column", 3);
  }

  static double counted(TestApp app) {
    Matcher m = Pattern.compile("(?m)^chorus_client_errors_total\\{kind=\"error\"[^}]*\\} ([0-9.]+)").matcher(app.metrics().bodyAsString());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void reportsAreCountedLoggedWithoutPersonalDataBoundedAndValidated() throws Exception {
    Vertx vertx = Launcher.newVertx(); // metrics on, as in production
    TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of("ratelimit.file", ShippedLimits.file())));
    Logger logger = (Logger) LoggerFactory.getLogger(ClientErrors.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      double before = counted(app);
      HttpResponse<Buffer> r = app.client.post("/api/client-errors")
          .sendJsonObject(report("TypeError: jane.doe@example.com for fan 3f2504e0-4f89-41d3-9a0c-0305e82c3301")).await();
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(204);
      assertThat(counted(app)).isEqualTo(before + 1);
      List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(logged).anyMatch(l -> l.contains("TypeError") && l.contains("/assets/sing.js"));
      assertThat(logged).noneMatch(l -> l.contains("jane") || l.contains("3f2504e0") || l.contains("fan="));

      assertProblem(app.client.post("/api/client-errors").sendJsonObject(report("x").put("cookie", "a")).await(), 400, null);
      assertProblem(app.client.post("/api/client-errors").sendJsonObject(report("x".repeat(501))).await(), 400, null);
      assertProblem(app.client.post("/api/client-errors").sendJsonObject(new JsonObject().put("kind", "nonsense")).await(), 400, null);

      int accepted = 1;
      HttpResponse<Buffer> limited = null;
      for (int i = 0; i < 100 && limited == null; i++) {
        HttpResponse<Buffer> each = app.client.post("/api/client-errors").sendJsonObject(report("again")).await();
        if (each.statusCode() == 429) limited = each;
        else accepted++;
      }
      assertThat(limited).as("the shipped client-errors limit answers 429").isNotNull();
      assertThat(limited.getHeader("Retry-After")).isNotNull();
      assertThat(accepted).as("the burst of 20 and a little refill, then 429").isBetween(15, 40);
    } finally {
      logger.detachAppender(lines);
      app.close();
      vertx.close().await();
    }
  }

  @Test
  void aSpikeOfErrorsPostsOneAlertToTheWebhookPerCooldown() throws Exception {
    Vertx vertx = Launcher.newVertx(); // metrics on, as in production
    List<JsonObject> posted = new CopyOnWriteArrayList<>();
    HttpServer hook = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      posted.add(b.toJsonObject());
      req.response().setStatusCode(200).end("ok");
    })).listen(0, "127.0.0.1").await();
    Config config = TestServices.get().config(Map.of("ratelimit.file", ShippedLimits.file(),
        "alerts.webhookUrl", "http://127.0.0.1:" + hook.actualPort() + "/hook", "alerts.errorsPerMinute", 120,
        "alerts.checkSeconds", 1, "alerts.cooldownSeconds", 600));
    RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, config.string("redis.url")));
    redis.del(List.of("chorus:alerts:errors")).await(); // an earlier run's cooldown
    TestApp app = TestApp.start(vertx, config);
    try {
      Thread.sleep(1_500);
      assertThat(posted).as("no errors, no alert").isEmpty();
      for (int i = 0; i < 5; i++) assertThat(app.client.post("/api/client-errors").sendJsonObject(report("boom")).await().statusCode()).isEqualTo(204);
      for (int i = 0; i < 50 && posted.isEmpty(); i++) Thread.sleep(100);
      assertThat(posted).hasSize(1);
      assertThat(posted.get(0).getString("text")).contains("page errors");
      assertThat(posted.get(0).getLong("pageErrors")).isGreaterThanOrEqualTo(2);
      for (int i = 0; i < 5; i++) app.client.post("/api/client-errors").sendJsonObject(report("boom")).await();
      Thread.sleep(2_500);
      assertThat(posted).as("one alert per cooldown for the whole site").hasSize(1);
    } finally {
      app.close();
      vertx.close().await();
    }
  }
}
