package chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every metric the alert rules and the dashboard read exists: a {@code chorus_*} series is registered under its
 * dotted name somewhere in {@code src/main/java} (many are counters that appear on the first event), and the
 * Vert.x, JVM and process series are on a running app's {@code /metrics}. An alert on a name nothing exports
 * would never fire (the bounce alert once read one).
 */
class MetricNamesTest {
  static final Pattern NAME = Pattern.compile("\\b((?:chorus|vertx|jvm|process)_[a-z0-9_]+)");
  static final Pattern EXPR = Pattern.compile("(?m)expr: (.*)$|\"expr\": \"([^\"]*)\"");

  @Test
  void everyMetricTheAlertsAndTheDashboardReadIsExported() throws Exception {
    Set<String> read = new TreeSet<>();
    for (Path file : new Path[] {Path.of("deploy/prometheus/chorus-alerts.yml"), Path.of("deploy/grafana/chorus-dashboard.json")}) {
      for (Matcher e = EXPR.matcher(Files.readString(file)); e.find(); ) {
        for (Matcher n = NAME.matcher(e.group(1) != null ? e.group(1) : e.group(2)); n.find(); ) read.add(n.group(1));
      }
    }
    assertThat(read).as("names were read from the rules and the dashboard").contains("chorus_jobs_depth", "vertx_http_server_requests_total");

    String sources = sources();
    Vertx vertx = Launcher.newVertx();
    TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of()));
    try {
      assertThat(app.client.get("/api/locale").send().await().statusCode()).isEqualTo(200);
      String scraped = app.metrics().bodyAsString();
      for (String name : read) {
        if (name.startsWith("chorus_")) {
          String dotted = name.replaceAll("_(bucket|count|sum|max)$", "").replaceAll("_total$", "").replaceAll("_seconds$", "").replace('_', '.');
          assertThat(sources).as(name + " is registered as \"" + dotted + "\" in src/main/java").contains("\"" + dotted + "\"");
        } else {
          assertThat(scraped).as(name + " is on /metrics").containsPattern("(?m)^" + name + "[{ ]");
        }
      }
    } finally {
      app.close();
      vertx.close().await();
    }
  }

  private static String sources() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) all.append(Files.readString(p));
    }
    return all.toString();
  }
}
