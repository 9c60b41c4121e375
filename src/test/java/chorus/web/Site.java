package chorus.web;

import chorus.app.Launcher;
import chorus.support.ShippedLimits;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import java.util.Map;

/**
 * The real app a browser test class visits: production mode on the embedded PostgreSQL and Redis, the shipped
 * rate limits, with
 * local-disk storage so upload URLs stay on the page's own origin. Close it when the class is done: a running
 * app also runs a mailer on the shared database, which other test classes must not meet.
 */
final class Site implements AutoCloseable {
  final Vertx vertx;
  final TestApp app;

  private Site(Vertx vertx, TestApp app) {
    this.vertx = vertx;
    this.app = app;
  }

  /** On the rate-limit policies as shipped (conf/ratelimit.json): the journey must work on what deploys. */
  static Site start() {
    return start(Map.of("ratelimit.file", ShippedLimits.file()));
  }

  static Site start(Map<String, Object> overrides) {
    Vertx vertx = Launcher.newVertx();
    return new Site(vertx, TestApp.start(vertx, TestServices.get().localStorageConfig(overrides)));
  }

  /** The site's address with a trailing slash, as the browser sees it. */
  String base() {
    return "http://127.0.0.1:" + app.port() + "/";
  }

  @Override
  public void close() {
    app.close();
    vertx.close().await();
  }
}
