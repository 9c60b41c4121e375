package chorus.app;

import chorus.core.Config;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.net.InetAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a spike of errors to a chat or push service ({@code alerts.webhookUrl}, a Slack-style JSON body with
 * {@code text}): every {@code alerts.checkSeconds} it adds up this container's 5xx answers and the errors the
 * fan page reported, and when their rate reaches {@code alerts.errorsPerMinute} it posts, once per
 * {@code alerts.cooldownSeconds} for the whole site (a Redis key decides which container speaks; with Redis
 * away each container may post). Prometheus alert rules remain the full picture; this is the pager for a
 * campaign team that runs none.
 */
final class ErrorAlertVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorAlertVerticle.class);
  static final String KEY = "chorus:alerts:errors";
  private final Config config;
  private final MeterRegistry registry;
  private final Redis redis;
  private WebClient client;
  private long timer;
  private double lastServer;
  private double lastPage;

  ErrorAlertVerticle(Config config, MeterRegistry registry, Redis redis) {
    this.config = config;
    this.registry = registry;
    this.redis = redis;
  }

  /** Only with a webhook set and metrics on (the counts come from the process's meter registry). */
  static boolean wanted(Config config, MeterRegistry registry) {
    if (config.string("alerts.webhookUrl", "").isBlank()) return false;
    if (registry == null) LOG.warn("alerts.webhookUrl is set but metrics are off in this process: no error alerts will be posted");
    return registry != null;
  }

  @Override
  public Future<?> start() {
    client = WebClient.create(vertx);
    lastServer = serverErrors();
    lastPage = pageErrors();
    timer = vertx.setPeriodic(config.integer("alerts.checkSeconds") * 1000L, t -> check());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    client.close();
    return Future.succeededFuture();
  }

  private void check() {
    double server = serverErrors();
    double page = pageErrors();
    long newServer = Math.round(server - lastServer);
    long newPage = Math.round(page - lastPage);
    lastServer = server;
    lastPage = page;
    int seconds = config.integer("alerts.checkSeconds");
    double perMinute = (newServer + newPage) * 60.0 / seconds;
    if (perMinute < config.integer("alerts.errorsPerMinute")) return;
    int cooldown = config.integer("alerts.cooldownSeconds");
    RedisAPI.api(redis).set(List.of(KEY, host(), "NX", "EX", String.valueOf(cooldown)))
        .map(won -> won != null)
        .recover(e -> {
          LOG.warn("error alert: Redis not reachable ({}), posting without the site-wide cooldown", e.toString());
          return Future.succeededFuture(true);
        })
        .compose(speak -> speak ? post(newServer, newPage, seconds) : Future.succeededFuture())
        .onFailure(e -> LOG.warn("error alert not posted: {}", e.toString()));
  }

  private Future<Void> post(long server, long page, int seconds) {
    String text = String.format("Chorus (%s): %d server errors (5xx) and %d page errors in the last %d s, at or above the "
        + "alert threshold of %d a minute. Look at /health/details and the dashboard.", config.string("publicBaseUrl", ""),
        server, page, seconds, config.integer("alerts.errorsPerMinute"));
    JsonObject body = new JsonObject().put("text", text).put("serverErrors", server).put("pageErrors", page)
        .put("windowSeconds", seconds).put("container", host());
    return client.postAbs(config.string("alerts.webhookUrl")).timeout(5_000).sendJsonObject(body).compose(r -> {
      if (r.statusCode() / 100 == 2) {
        LOG.info("error alert posted: {} server and {} page errors in {} s", server, page, seconds);
        return Future.succeededFuture();
      }
      return Future.failedFuture("the webhook answered " + r.statusCode());
    });
  }

  private double serverErrors() {
    return registry.find("vertx.http.server.requests").counters().stream()
        .filter(c -> String.valueOf(c.getId().getTag("code")).startsWith("5")).mapToDouble(Counter::count).sum();
  }

  private double pageErrors() {
    return registry.find("chorus.client.errors").counters().stream().mapToDouble(Counter::count).sum();
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
