package chorus.web;

import chorus.app.Launcher;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import java.util.Map;

/**
 * The real app the browser tests visit, started once per test JVM: production mode on embedded PostgreSQL
 * and Redis, with local-disk storage so upload URLs stay on the page's own origin.
 */
final class Site {
  private static TestApp app;

  private Site() {}

  static synchronized TestApp app() {
    if (app == null) {
      Vertx vertx = Launcher.newVertx();
      app = TestApp.start(vertx, TestServices.get().localStorageConfig(Map.of()));
      TestApp started = app;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        started.close();
        vertx.close();
      }));
    }
    return app;
  }

  /** The site's address with a trailing slash, as the browser sees it. */
  static String base() {
    return "http://127.0.0.1:" + app().port() + "/";
  }
}
