package chorus.bench.audio;

import chorus.app.Launcher;
import chorus.app.MainVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The separate worker JVM of {@link BurstBench}'s {@code split} run: the real main verticle with the configuration
 * in the file named by the first argument (its {@code role} is {@code worker}), until the parent kills it.
 */
public final class BurstWorker {
  private BurstWorker() {}

  public static void main(String[] args) throws Exception {
    JsonObject config = new JsonObject(Files.readString(Path.of(args[0])));
    Vertx vertx = Launcher.newVertx();
    vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config)).await(120, TimeUnit.SECONDS);
    System.out.println("burst worker up");
    Thread.sleep(Long.MAX_VALUE);
  }
}
