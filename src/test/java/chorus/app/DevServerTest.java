package chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.Config;
import chorus.core.Settings;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev server on a copy of the project's sources and classes (the test edits the copy, never the project), with
 * its own embedded PostgreSQL and Redis on free ports, watching the copy as the run command watches the project.
 */
class DevServerTest {
  private static final String LIVE = ".put(\"status\", \"UP\")";

  @TempDir
  static Path dir;

  private static Path project;
  private static Path conf;
  private static int port;
  private static LocalServices local;
  private static Vertx vertx;
  private static DevServer dev;
  private static final BlockingQueue<DevServer.Outcome> outcomes = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws IOException {
    project = dir.resolve("project");
    copy(Path.of("src/main/java"), project.resolve("src/main/java"));
    copy(Path.of("target/classes"), project.resolve("target/classes"));
    Files.createDirectories(project.resolve("src/main/resources"));
    conf = dir.resolve("conf");
    copy(Path.of("conf"), conf);
    port = TestServices.freePort();
    Map<String, String> env = Map.ofEntries(
        Map.entry("CHORUS_MODE", Settings.MODE_LOCAL),
        Map.entry("CHORUS_HTTP_HOST", "127.0.0.1"),
        Map.entry("CHORUS_HTTP_PORT", String.valueOf(port)),
        Map.entry("CHORUS_METRICS_PORT", "0"),
        Map.entry("CHORUS_HTTP_INSTANCES", "1"),
        Map.entry("CHORUS_RENDER_WORKERS", "1"),
        Map.entry("CHORUS_JOBS_WORKERS", "1"),
        Map.entry("CHORUS_LOCAL_DIR", dir.resolve("local").toString()),
        Map.entry("CHORUS_STORAGE_DIR", dir.resolve("objects").toString()),
        Map.entry("CHORUS_MAIL_DIR", dir.resolve("mail").toString()),
        Map.entry("CHORUS_CONF_DIR", conf.toString()),
        Map.entry("CHORUS_RATELIMIT_FILE", conf.resolve("ratelimit.json").toString()));
    Supplier<Config> fromFiles = () -> {
      try {
        return Settings.load(new JsonObject(Files.readString(conf.resolve("chorus.json"))), env, new JsonObject());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    };
    local = LocalServices.start(fromFiles.get(), TestServices.freePort(), TestServices.freePort());
    vertx = Launcher.newVertx();
    dev = new DevServer(vertx, DevServer.Layout.of(project, conf), () -> local.apply(fromFiles.get()), 
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    dev.onReload(outcomes::add);
    assertThat(dev.start().reloaded()).as("first generation deployed").isTrue();
    dev.watch();
  }

  @AfterAll
  static void stop() throws Exception {
    if (dev != null) dev.close();
    if (vertx != null) vertx.close().await(20, TimeUnit.SECONDS);
    if (local != null) local.close();
  }

  @Test
  void servesAnEditedSourceAfterReloadWithTheSamePostgresAndKeepsServingThroughACompileError() throws Exception {
    long postgres = postmasterPid();
    assertThat(get("/health/live")).contains("\"UP\"").doesNotContain("edition");

    Path source = project.resolve("src/main/java/chorus/http/HealthRoutes.java");
    String original = Files.readString(source);
    assertThat(original).contains(LIVE);
    save(source, original.replace(LIVE, LIVE + ".put(\"edition\", \"second\")"));
    DevServer.Outcome edited = next();
    assertThat(edited.reloaded()).as("reload after the edit: %s", edited.error()).isTrue();
    assertThat(get("/health/live")).contains("\"edition\":\"second\"");
    assertThat(postmasterPid()).as("embedded PostgreSQL's PID across the reload").isEqualTo(postgres);
    assertThat(ProcessHandle.of(postgres)).as("that PostgreSQL still runs").hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

    save(source, original.replace(LIVE, LIVE + ".put(\"edition\", \"third\""));
    DevServer.Outcome broken = next();
    assertThat(broken.reloaded()).isFalse();
    assertThat(broken.serving()).isEqualTo(edited.serving());
    assertThat(broken.error()).contains("compile error").contains("HealthRoutes.java");
    assertThat(get("/health/live")).contains("\"edition\":\"second\"");

    save(source, original.replace(LIVE, LIVE + ".put(\"edition\", \"fourth\")"));
    assertThat(next().reloaded()).isTrue();
    assertThat(get("/health/live")).contains("\"edition\":\"fourth\"");
    assertThat(postmasterPid()).isEqualTo(postgres);
  }

  @Test
  void servesAnEditedCampaignAfterReload() throws Exception {
    Path campaign = conf.resolve("campaign.json");
    String original = Files.readString(campaign);
    String title = new JsonObject(original).getJsonObject("texts").getJsonObject("en").getString("title");
    assertThat(get("/api/campaign?lang=en")).contains(title);
    save(campaign, original.replace("\"title\": \"" + title + "\"", "\"title\": \"" + title + " (edited)\""));
    assertThat(next().reloaded()).isTrue();
    assertThat(get("/api/campaign?lang=en")).contains(title + " (edited)");
  }

  @Test
  void leavesNoThreadsNorClassLoadersBehindOverManyReloads() throws Exception {
    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    Map<String, Long> threadsAfterThird = Map.of();
    for (int i = 1; i <= 11; i++) {
      DevServer.Outcome o = dev.reload(List.of());
      assertThat(o.reloaded()).as("reload %d: %s", i, o.error()).isTrue();
      loaders.add(new WeakReference<>(dev.servingLoader()));
      if (i == 3) threadsAfterThird = settledThreads();
    }
    Map<String, Long> threadsAfterLast = settledThreads();
    // the replaced generations closed their PostgreSQL pools: the serving one's still answers (200, not 503)
    assertThat(get("/health/details")).contains("\"outcome\":\"UP\"");
    // a thread kept per generation would show 8 more after the next 8 reloads; Vert.x's worker and internal pools
    // grow on demand up to their size whatever the reloads, so they are not counted
    assertThat(unpooled(threadsAfterLast)).as("threads after 11 reloads %s, after 3 %s", threadsAfterLast, threadsAfterThird)
        .isLessThan(unpooled(threadsAfterThird) + 8);
    long held = 0;
    for (int round = 0; round < 20; round++) {
      System.gc();
      held = loaders.subList(0, loaders.size() - 1).stream().filter(r -> r.get() != null).count();
      if (held <= 1) break;
      Thread.sleep(100);
    }
    // the first generation of the whole run may stay reachable through the HTTP port's listening socket, which
    // Vert.x keeps with the server that first bound it; none of the generations replaced here may stay
    assertThat(held).as("class loaders of replaced generations still reachable").isLessThanOrEqualTo(1);
  }

  /** The process's threads by name less its number, once the old generations' undeployments are done. */
  private static Map<String, Long> settledThreads() throws InterruptedException {
    Thread.sleep(1_500);
    return Thread.getAllStackTraces().keySet().stream()
        .collect(Collectors.groupingBy(t -> t.getName().replaceAll("[-#]?\\d+$", ""), TreeMap::new, Collectors.counting()));
  }

  private static long unpooled(Map<String, Long> threads) {
    return threads.entrySet().stream().filter(e -> !e.getKey().equals("vert.x-worker-thread") && !e.getKey().equals("vert.x-internal-blocking"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** The outcome of the reload an edit started (the last, should the edit's events have come in two bursts). */
  private static DevServer.Outcome next() throws InterruptedException {
    DevServer.Outcome o = outcomes.poll(60, TimeUnit.SECONDS);
    assertThat(o).as("a reload within 60 s").isNotNull();
    for (DevServer.Outcome later; (later = outcomes.poll(300, TimeUnit.MILLISECONDS)) != null; ) o = later;
    return o;
  }

  /** As editors save: the whole new text written beside the file, then moved over it. */
  private static void save(Path file, String text) throws IOException {
    Path next = file.resolveSibling("." + file.getFileName() + ".saving");
    Files.writeString(next, text);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static long postmasterPid() throws IOException {
    return Long.parseLong(Files.readAllLines(dir.resolve("local/pg/postmaster.pid")).get(0).trim());
  }

  private static String get(String path) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
    return r.body();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(target);
        else Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
