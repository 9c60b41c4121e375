package chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.core.Built;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Services are built once per process and shared by every HTTP verticle instance. */
class ProcessServicesTest {

  @Test
  void withRedisAwayTheFallbackLimitHoldsOncePerProcessNotOncePerHttpInstance() throws Exception {
    JsonObject policies = new JsonObject(Files.readString(Path.of("conf/ratelimit.json")));
    policies.getJsonObject("policies").put("default", new JsonObject().put("limits", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("name", "ip").put("key", "ip").put("rate", 10).put("period", "1h").put("burst", 10))));
    // GET /api/locale is in the read group, counted in the process whether or not Redis answers: the same limit there
    policies.getJsonObject("policies").getJsonObject("read").put("limits", policies.getJsonObject("policies").getJsonObject("default")
        .getJsonArray("limits").copy());
    Path file = Files.createTempFile("ratelimit", ".json");
    Files.writeString(file, policies.encode());
    int nothingListens = TestServices.freePort();
    Vertx vertx = Vertx.vertx();
    TestApp app = TestApp.start(vertx, TestServices.get().localStorageConfig(Map.of("http.instances", 2,
        "redis.url", "redis://127.0.0.1:" + nothingListens, "ratelimit.file", file.toString())));
    // a new connection per request: Vert.x hands connections to the two HTTP verticle instances in turn
    WebClient fresh = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(app.port()).setKeepAlive(false));
    try {
      int ok = 0;
      int refused = 0;
      for (int i = 0; i < 30; i++) {
        int status = fresh.get("/api/locale").send().await().statusCode();
        if (status == 200) ok++;
        if (status == 429) refused++;
      }
      assertThat(ok).as("one in-process limiter for both instances: a burst of 10, not 2 × 10").isEqualTo(10);
      assertThat(refused).isEqualTo(20);
    } finally {
      fresh.close();
      app.close();
      vertx.close().await();
    }
  }

  @Test
  void eachClientIsBuiltOnceWhateverTheNumberOfVerticles() {
    Vertx vertx = Launcher.newVertx();
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    // counted where each client is constructed (S3 client, Redis client, limiter, engine, gate, campaign), so a
    // verticle instance that built its own would add to the count
    Map<String, Long> before = new java.util.HashMap<>();
    for (String s : ProcessServices.SERVICES) before.put(s, Built.count(s));
    TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of("http.instances", 3, "render.workers", 2)));
    try {
      assertThat(vertx.deploymentIDs().size()).as("main + 2 render workers + 3 HTTP instances at least").isGreaterThanOrEqualTo(6);
      for (String s : ProcessServices.SERVICES) {
        assertThat(Built.count(s) - before.get(s)).as(s + " constructions at this start").isEqualTo(1L);
        FunctionCounter metric = registry.find("chorus.services.built").tag("service", s).functionCounter();
        assertThat(metric).as(s + " metric").isNotNull();
        assertThat(metric.count()).isEqualTo((double) Built.count(s));
      }
      assertThat(app.metrics().bodyAsString()).contains("chorus_services_built_total{service=\"rate-limiter\"}");
    } finally {
      app.close();
      vertx.close().await();
    }
  }
}
