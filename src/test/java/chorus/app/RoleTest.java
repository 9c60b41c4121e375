package chorus.app;

import static chorus.support.Sql.count;
import static chorus.support.Sql.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.core.Config;
import chorus.db.Database;
import chorus.jobs.JobHandlers;
import chorus.jobs.JobOptions;
import chorus.jobs.JobQueue;
import chorus.support.Sql;
import chorus.support.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** CHORUS_ROLE: a web container serves HTTP and runs no jobs; a worker container runs jobs and serves no HTTP. */
class RoleTest {
  static final String KIND = "test.role";

  static Config config(String role) {
    return TestServices.get().config(Map.of("role", role, "jobs.pollMillis", 100, "jobs.workers", 1));
  }

  /** The real main verticle on a Vert.x with the Prometheus registry, as the launcher builds it. */
  static Vertx start(Config config, AtomicInteger runs) {
    Vertx vertx = Launcher.newVertx();
    JobHandlers handlers = new JobHandlers().register(KIND, job -> runs.incrementAndGet(), Duration.ofSeconds(10));
    vertx.deployVerticle(new MainVerticle(handlers), new DeploymentOptions().setConfig(config.json())).await();
    return vertx;
  }

  static long enqueue(Vertx vertx, Config config) {
    Pool pool = Database.pool(vertx, config);
    Sql.migrate(vertx, config);
    Sql.sql(pool, "DELETE FROM jobs WHERE kind = $1", KIND);
    return JobQueue.enqueue(pool, KIND, new JsonObject(), JobOptions.DEFAULTS).await();
  }

  @Test
  void aWebContainerServesHttpAndMetricsButLeavesJobsToWorkers() throws Exception {
    Config config = config("web");
    Vertx setup = Vertx.vertx();
    AtomicInteger runs = new AtomicInteger();
    Vertx vertx = null;
    try {
      long id = enqueue(setup, config);
      vertx = start(config, runs);
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + config.integer("http.port");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode()).isEqualTo(200);
      String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("chorus_jobs_depth{kind=\"test.role\",state=\"queued\"} 1.0");
      Thread.sleep(1_500);
      assertThat(runs.get()).isZero();
      Pool pool = Database.pool(setup, config);
      assertThat(count(pool, "SELECT count(*) FROM jobs WHERE id = $1 AND state = 'queued'", id)).isEqualTo(1);
    } finally {
      if (vertx != null) vertx.close().await(30, TimeUnit.SECONDS);
      setup.close().await();
    }
  }

  @Test
  void aWorkerContainerRunsJobsAndOpensNoHttpPort() throws Exception {
    Config config = config("worker");
    Vertx setup = Vertx.vertx();
    AtomicInteger runs = new AtomicInteger();
    Vertx vertx = null;
    try {
      long id = enqueue(setup, config);
      vertx = start(config, runs);
      Pool pool = Database.pool(setup, config);
      assertThat(eventually(15, () -> count(pool, "SELECT count(*) FROM jobs WHERE id = $1 AND state = 'done'", id) == 1)).isTrue();
      assertThat(runs.get()).isEqualTo(1);
      assertThatThrownBy(() -> new Socket("127.0.0.1", config.integer("http.port")).close()).isInstanceOf(ConnectException.class);
    } finally {
      if (vertx != null) vertx.close().await(30, TimeUnit.SECONDS);
      setup.close().await();
    }
  }
}
