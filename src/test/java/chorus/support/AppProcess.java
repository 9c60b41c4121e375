package chorus.support;

import chorus.app.Launcher;
import chorus.app.MainVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Chorus in a JVM of its own, for tests and benchmarks that need a second container (a worker to kill, a worker
 * beside a web tier): the real main verticle with the configuration in the JSON file named by the first argument.
 * Prints {@link #UP} once deployed, then runs until killed. {@link #start} launches it.
 */
public final class AppProcess {
  public static final String UP = "app process up";

  private AppProcess() {}

  /** Launches an app process with this configuration; answers once it is up (its output goes to {@code log}). */
  public static Process start(JsonObject config, Path log, List<String> prefix, Map<String, String> env) throws Exception {
    Path file = Files.createTempFile("chorus-app", ".json");
    Files.writeString(file, config.encode());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), AppProcess.class.getName(), file.toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.readString(log).contains(UP)) {
      if (!p.isAlive() || System.nanoTime() > end) {
        p.destroyForcibly();
        throw new IllegalStateException("app process did not start; see " + log);
      }
      Thread.sleep(100);
    }
    return p;
  }

  public static void main(String[] args) throws Exception {
    JsonObject config = new JsonObject(Files.readString(Path.of(args[0])));
    Vertx vertx = Launcher.newVertx();
    vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config)).await(120, TimeUnit.SECONDS);
    System.out.println(UP);
    Thread.sleep(Long.MAX_VALUE);
  }
}
