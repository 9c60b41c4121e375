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

  private TestApp(Vertx vertx, Config config) {
    this.vertx = vertx;
    this.config = config;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(config.integer("http.port")));
  }

  public static TestApp start(Vertx vertx, Config config) {
    try {
      vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config.json())).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("app did not start: " + e.getMessage(), e);
    }
    return new TestApp(vertx, config);
  }

  public int port() {
    return config.integer("http.port");
  }

  @Override
  public void close() {
    client.close();
  }
}
