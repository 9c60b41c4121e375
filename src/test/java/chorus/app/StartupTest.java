package chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The start-up's parallel steps come back to the main verticle: what it deploys is its own. */
class StartupTest {

  @Test
  void undeployingTheAppUndeploysEveryVerticleItDeployedWhicheverStepFinishedLast() throws Exception {
    // the contract parses on an event loop of its own and the services on worker threads; whichever finishes last,
    // the HTTP verticles must be deployed as the main verticle's children (a few starts, as the order varies)
    for (int start = 0; start < 3; start++) {
      Vertx vertx = Vertx.vertx();
      try {
        TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of("http.instances", 2)));
        assertThat(vertx.deploymentIDs().size()).as("main, render workers, HTTP, mailer, jobs...").isGreaterThan(4);
        vertx.undeploy(app.deployment).await(30, TimeUnit.SECONDS);
        assertThat(vertx.deploymentIDs()).as("left deployed after the app was undeployed").isEmpty();
        app.client.close();
      } finally {
        vertx.close().await();
      }
    }
  }
}
