package chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.Setting;
import chorus.core.Settings;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The example ECS task is a deployment that starts: every production setting, the proxy, and a health check that works. */
class TaskDefinitionTest {
  static JsonObject container() throws Exception {
    return new JsonObject(Files.readString(Path.of("deploy/ecs-task-definition.json"))).getJsonArray("containerDefinitions").getJsonObject(0);
  }

  static Map<String, String> variables(JsonObject c) {
    Map<String, String> vars = new HashMap<>();
    for (Object o : c.getJsonArray("environment")) vars.put(((JsonObject) o).getString("name"), ((JsonObject) o).getString("value"));
    for (Object o : c.getJsonArray("secrets")) vars.put(((JsonObject) o).getString("name"), ((JsonObject) o).getString("valueFrom"));
    return vars;
  }

  @Test
  void theTaskSetsEveryProductionSettingAndTrustsTheBalancer() throws Exception {
    Map<String, String> vars = variables(container());
    for (Setting s : Settings.ALL) {
      if (s.requiredInProduction()) assertThat(vars).as("the task sets " + s.env()).containsKey(s.env());
    }
    assertThat(vars.get("CHORUS_TRUSTED_PROXIES")).as("behind the ALB, fans must not share its address").isNotBlank();
    assertThat(vars).containsKey("CHORUS_CLIENT_IP_HEADER");
    assertThat(vars.get("CHORUS_MAIL_FROM")).doesNotContain(".invalid");
    JsonArray ports = container().getJsonArray("portMappings");
    assertThat(ports.stream().map(p -> ((JsonObject) p).getInteger("containerPort")))
        .contains(8080, Integer.parseInt(vars.get("CHORUS_METRICS_PORT")));
  }

  @Test
  void theContainerHealthCheckPassesOnALiveAppAndFailsWithoutOne() throws Exception {
    String text = Files.readString(Path.of("deploy/ecs-task-definition.json"));
    assertThat(text.split("\"healthCheck\"", -1)).as("one health check (a JSON parser keeps only the last of two)").hasSize(2);
    JsonArray command = container().getJsonObject("healthCheck").getJsonArray("command");
    // CMD-SHELL runs /bin/sh, which is dash on Debian and has no /dev/tcp: the check must name bash itself
    assertThat(command.getString(0)).isEqualTo("CMD");
    Vertx vertx = Vertx.vertx();
    TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of()));
    try {
      assertThat(run(command, app.port())).as("healthy").isZero();
      assertThat(run(command, TestServices.freePort())).as("nothing listening").isNotZero();
    } finally {
      app.close();
      vertx.close().await();
    }
  }

  /** Runs the check as the container would, on {@code port} instead of 8080. */
  static int run(JsonArray command, int port) throws Exception {
    List<String> argv = new ArrayList<>();
    for (int i = 1; i < command.size(); i++) argv.add(command.getString(i).replace("127.0.0.1/8080", "127.0.0.1/" + port));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }
}
