package chorus.support;

import chorus.core.Config;
import chorus.app.MainVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;

/** A running Chorus (the real main verticle) on its own Vert.x, and a client that talks to it. */
public final class TestApp implements AutoCloseable {
  public final Vertx vertx;
  public final Config config;
  public final WebClient client;
  /** The main verticle's deployment: undeploying it stops the app as SIGTERM would. */
  public final String deployment;

  private TestApp(Vertx vertx, Config config, String deployment) {
    this.vertx = vertx;
    this.config = config;
    this.deployment = deployment;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(config.integer("http.port")));
  }

  public static TestApp start(Vertx vertx, Config config) {
    String deployment;
    try {
      deployment = vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config.json())).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("app did not start: " + e.getMessage(), e);
    }
    return new TestApp(vertx, config, deployment);
  }

  public int port() {
    return config.integer("http.port");
  }

  /** GET on the metrics port (not the public one). */
  public io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> metrics() {
    return client.get(config.integer("metrics.port"), "127.0.0.1", "/metrics").send().await();
  }

  @Override
  public void close() {
    client.close();
  }
}
