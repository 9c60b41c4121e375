package chorus.app;

import chorus.core.Config;
import chorus.core.ConfigException;
import chorus.core.Settings;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import sun.misc.Signal;

/**
 * The process entry point: reads and validates settings, starts embedded services in local mode, builds
 * Vert.x with Prometheus metrics, deploys {@link MainVerticle}, and on SIGTERM stops gracefully
 * (in-flight requests finish, then exit 0). A bad setting exits 2 with a message naming it.
 */
public final class Launcher {
  static {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("java.awt.headless", "true");
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  private Launcher() {}

  public static void main(String[] args) {
    long t0 = System.nanoTime();
    Config config;
    try {
      config = Settings.load(readDefaults(), environment(), new JsonObject());
    } catch (ConfigException e) {
      System.err.println("chorus: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    LocalServices local = LocalServices.NONE;
    try {
      if (config.local()) {
        local = LocalServices.start(config);
        config = local.apply(config);
      }
    } catch (RuntimeException | LinkageError e) {
      System.err.println("chorus: cannot start local services: " + e);
      System.exit(3);
      return;
    }
    if (args.length > 0 && args[0].equals(chorus.console.AdminCommand.NAME)) {
      int code = chorus.console.AdminCommand.run(args, config, System.out, System.err);
      local.close();
      System.exit(code);
      return;
    }
    Vertx vertx = newVertx();
    LocalServices services = local;
    int stopSeconds = Math.max(config.integer("http.shutdownSeconds"), config.integer("jobs.shutdownSeconds")) + 5;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(vertx, services, stopSeconds), "chorus-shutdown"));
    // SIGTERM (ECS stopping the task): stop gracefully, then exit 0 rather than the JVM's default 143.
    Signal.handle(new Signal("TERM"), sig -> new Thread(() -> {
      stop(vertx, services, stopSeconds);
      System.exit(0);
    }, "chorus-sigterm").start());
    try {
      vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config.json()))
          .await(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      if (STOPPING.get()) {
        // SIGTERM while still deploying (readiness may answer before the worker-role verticles are up): the stop
        // under way ends the process with 0, as after a full start, not as a failed start-up
        LOG.info("stop requested during start-up: {}", e.getMessage());
        return;
      }
      ConfigException bad = configProblem(e);
      if (bad != null) {
        // a file or value found wrong while starting (campaign, policies, fonts): the same exit as a bad setting
        System.err.println("chorus: configuration error: " + bad.getMessage());
        System.exit(2);
      }
      LOG.error("start-up failed: {}", e.getMessage(), e);
      System.err.println("chorus: start-up failed: " + e.getMessage());
      System.exit(1);
    }
    LOG.info("chorus ready in {} ms, mode {}, http port {}", (System.nanoTime() - t0) / 1_000_000, config.mode(),
        config.integer("http.port"));
  }

  private static ConfigException configProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof ConfigException c) return c;
    return null;
  }

  /** Vert.x with Micrometer metrics in a Prometheus registry, as {@code /metrics} serves them. */
  public static Vertx newVertx() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(ServerLatencyBuckets.FILTER);
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  private static void stop(Vertx vertx, LocalServices local, int seconds) {
    if (!STOPPING.compareAndSet(false, true)) return;
    LOG.info("stopping: finishing in-flight work (at most {} s)", seconds);
    try {
      vertx.close().await(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("vert.x did not close cleanly: {}", e.toString());
    }
    local.close();
    LOG.info("stopped");
  }

  public static JsonObject readDefaults() {
    String dir = System.getenv().getOrDefault("CHORUS_CONF_DIR", "conf");
    Path file = Path.of(dir, "chorus.json");
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file + " is missing: it holds the defaults of every setting (CHORUS_CONF_DIR names its folder)");
    }
    try {
      return new JsonObject(Files.readString(file));
    } catch (Exception e) {
      throw new ConfigException(file + " is not valid JSON: " + e.getMessage());
    }
  }

  /** The process environment, plus {@code -Dchorus.mode=local} as the run command's way to pick local mode. */
  static Map<String, String> environment() {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    String mode = System.getProperty("chorus.mode");
    if (mode != null && !env.containsKey("CHORUS_MODE")) env.put("CHORUS_MODE", mode);
    return env;
  }
}
