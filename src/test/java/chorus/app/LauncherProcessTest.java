package chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestServices;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real process, as a container runs it: refuses bad settings, serves on real services, stops gracefully. */
class LauncherProcessTest {

  private static Process launch(Map<String, String> env, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "chorus.app.Launcher")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("CHORUS_"));
    pb.environment().putAll(env);
    return pb.start();
  }

  @Test
  void refusesToStartWithAMissingOrMalformedSettingAndNamesIt() throws Exception {
    Path log = Files.createTempFile("chorus-launch", ".log");
    Process missing = launch(Map.of("CHORUS_MODE", "production"), log);
    assertThat(missing.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(missing.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log)).contains("configuration error").contains("CHORUS_");

    Map<String, String> env = new HashMap<>(productionEnv(TestServices.freePort()));
    env.put("CHORUS_PG_URL", "mysql://db/chorus");
    Process malformed = launch(env, log);
    assertThat(malformed.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(malformed.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log)).contains("CHORUS_PG_URL");

    // what made a deployment wrong without stopping it: the shipped sender (an .invalid domain SES refuses), no SNS topic
    for (String name : new String[] {"CHORUS_MAIL_FROM", "CHORUS_MAIL_SNS_TOPIC_ARN"}) {
      Map<String, String> without = new HashMap<>(productionEnv(TestServices.freePort()));
      without.remove(name);
      Process p = launch(without, log);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(name).isEqualTo(2);
      assertThat(Files.readString(log)).contains("configuration error").contains(name);
    }
    Map<String, String> reserved = new HashMap<>(productionEnv(TestServices.freePort()));
    reserved.put("CHORUS_MAIL_FROM", "Chorus <hello@chorus.invalid>");
    Process p = launch(reserved, log);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log)).contains("CHORUS_MAIL_FROM");
  }

  @Test
  void aMissingOrMalformedFileStopsStartUpNamingIt() throws Exception {
    Path log = Files.createTempFile("chorus-launch", ".log");
    Map<String, String> env = new HashMap<>(productionEnv(TestServices.freePort()));
    env.put("CHORUS_CONF_DIR", Files.createTempDirectory("no-conf").toString());
    Process noDefaults = launch(env, log);
    assertThat(noDefaults.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(noDefaults.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log)).contains("configuration error").contains("chorus.json is missing");

    Path policies = Files.createTempFile("ratelimit", ".json");
    Files.writeString(policies, "{ not json");
    env = new HashMap<>(productionEnv(TestServices.freePort()));
    env.put("CHORUS_RATELIMIT_FILE", policies.toString());
    Process badPolicies = launch(env, log);
    assertThat(badPolicies.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(badPolicies.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log)).contains("configuration error").contains("CHORUS_RATELIMIT_FILE");
  }

  @Test
  void aPolicyFileWithABadFieldOrABadProxyCidrStopsStartUpNamingIt() throws Exception {
    Path log = Files.createTempFile("chorus-launch", ".log");
    // valid JSON, wrong content: a limit whose rate is not a positive number
    io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(Files.readString(Path.of("conf/ratelimit.json")));
    json.getJsonObject("policies").getJsonObject("default").getJsonArray("limits").getJsonObject(0).put("rate", -5);
    Path policies = Files.createTempFile("ratelimit", ".json");
    Files.writeString(policies, json.encode());
    Map<String, String> env = new HashMap<>(productionEnv(TestServices.freePort()));
    env.put("CHORUS_RATELIMIT_FILE", policies.toString());
    Process badField = launch(env, log);
    assertThat(badField.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(log);
    assertThat(badField.exitValue()).as(output).isEqualTo(2);
    assertThat(output).contains("configuration error").contains("CHORUS_RATELIMIT_FILE").contains(policies.toString())
        .contains("ratelimit.policies.default.limits[0].rate").doesNotContain("IllegalArgumentException");

    // the shipped file, and a trusted proxy that is no CIDR in the setting laid over it
    env = new HashMap<>(productionEnv(TestServices.freePort()));
    env.put("CHORUS_TRUSTED_PROXIES", "10.0.0.0/8, 10.1.2.3/33");
    Process badCidr = launch(env, log);
    assertThat(badCidr.waitFor(120, TimeUnit.SECONDS)).isTrue();
    output = Files.readString(log);
    assertThat(badCidr.exitValue()).as(output).isEqualTo(2);
    assertThat(output).contains("configuration error").contains("CHORUS_TRUSTED_PROXIES")
        .contains("ratelimit.clientIp.trustedProxies[1]").contains("10.1.2.3/33");
  }

  @Test
  void aSigtermWhileStillDeployingStopsWithZeroNotAsAFailedStart() throws Exception {
    Path log = Files.createTempFile("chorus-launch", ".log");
    Process app = launch(productionEnv(TestServices.freePort()), log);
    try {
      // the services are built before any verticle is deployed: a stop now lands in the middle of the deployment
      for (int i = 0; i < 600 && !Files.readString(log).contains("built once for the process"); i++) {
        assertThat(app.isAlive()).as(Files.readString(log)).isTrue();
        Thread.sleep(50);
      }
      app.destroy(); // SIGTERM
      assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(log);
      assertThat(app.exitValue()).as(output).isZero();
      assertThat(output).doesNotContain("start-up failed");
    } finally {
      app.destroyForcibly();
    }
  }

  @Test
  void servesOnRealServicesAndOnSigtermFinishesTheRequestInFlightThenExitsZero() throws Exception {
    int port = TestServices.freePort();
    Path log = Files.createTempFile("chorus-launch", ".log");
    Process app = launch(productionEnv(port), log);
    try {
      HttpClient http = HttpClient.newHttpClient();
      int status = 0;
      for (int i = 0; i < 300 && status != 200; i++) {
        Thread.sleep(200);
        assertThat(app.isAlive()).as(Files.readString(log)).isTrue();
        try {
          status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException notYet) {
          status = -1;
        }
      }
      assertThat(status).as(Files.readString(log)).isEqualTo(200);

      String body = "{\"email\":\"sigterm-" + UUID.randomUUID() + "@example.com\",\"name\":\"Graceful\",\"team\":\"aurora\","
          + "\"lang\":\"en\",\"newsletter\":false,\"contest\":false}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      try (Socket socket = new Socket("127.0.0.1", port)) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/fan/subscription HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Authorization: Bearer " + UUID.randomUUID() + "\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, 0, 20);
        out.flush();
        Thread.sleep(300);
        app.destroy(); // SIGTERM
        Thread.sleep(1_000);
        out.write(bytes, 20, bytes.length - 20);
        out.flush();
        String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        assertThat(statusLine).as(Files.readString(log)).isEqualTo("HTTP/1.1 201 Created");
      }
      assertThat(app.waitFor(40, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
      assertThat(app.exitValue()).as(Files.readString(log)).isZero();
      String output = Files.readString(log);
      assertThat(output).contains("\"level\":\"INFO\"").contains("stopped");
      assertThat(output.lines().filter(l -> l.startsWith("{")).count()).isGreaterThan(3);
    } finally {
      app.destroyForcibly();
    }
  }

  private static Map<String, String> productionEnv(int port) {
    TestServices s = TestServices.get();
    Map<String, String> env = new HashMap<>();
    env.put("CHORUS_MODE", "production");
    env.put("CHORUS_HTTP_HOST", "127.0.0.1");
    env.put("CHORUS_HTTP_PORT", String.valueOf(port));
    env.put("CHORUS_HTTP_INSTANCES", "1");
    env.put("CHORUS_HTTP_SHUTDOWN_SECONDS", "15");
    env.put("CHORUS_PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
    env.put("CHORUS_SECRET", TestServices.SECRET);
    env.put("CHORUS_PG_URL", TestServices.pgUrl(s.pg.getPort()));
    env.put("CHORUS_REDIS_URL", "redis://127.0.0.1:" + s.redisPort);
    env.put("CHORUS_S3_BUCKET", TestServices.BUCKET);
    env.put("CHORUS_S3_REGION", "us-east-1");
    env.put("CHORUS_S3_ENDPOINT", s.s3Endpoint.toString());
    env.put("CHORUS_S3_PATH_STYLE", "true");
    env.put("CHORUS_S3_ACCESS_KEY_ID", TestServices.S3_KEY);
    env.put("CHORUS_S3_SECRET_ACCESS_KEY", TestServices.S3_SECRET);
    env.put("CHORUS_SMTP_HOST", "127.0.0.1");
    env.put("CHORUS_MAIL_FROM", TestServices.MAIL_FROM);
    env.put("CHORUS_MAIL_SNS_TOPIC_ARN", TestServices.SNS_TOPIC);
    env.put("CHORUS_METRICS_PORT", String.valueOf(TestServices.freePort()));
    return env;
  }
}
