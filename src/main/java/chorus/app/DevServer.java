package chorus.app;

import chorus.core.Config;
import chorus.core.ConfigException;
import chorus.core.Settings;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run command's dev server: hot reload without restarting the process. The process keeps what is slow to
 * start — the embedded PostgreSQL and Redis ({@link LocalServices}), Vert.x with its threads, and every
 * dependency's classes, loaded and warmed once. Each reload compiles only the changed sources in process
 * ({@link DevCompiler}), loads Chorus's classes afresh in a new {@link DevClassLoader} and deploys a new
 * {@link MainVerticle} beside the one serving: its HTTP servers share the port with the old ones, so requests are
 * answered throughout, and the old deployment is undeployed only once the new one is up. A compile error, or a new
 * deployment that fails to start, leaves the old one serving and prints why. {@code webroot/} is read on every
 * request in local mode and needs no reload; a change under {@code conf/} or {@code src/main/resources/} deploys a
 * new generation with the files read again. Production start-up ({@link Launcher}) does not use this class.
 */
public final class DevServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DevServer.class);
  private static final long DEPLOY_TIMEOUT_SECONDS = 120;

  /** Where the dev server reads sources and writes classes; {@code conf} is watched for campaign and policy edits. */
  record Layout(Path sources, Path resources, Path classes, Path conf) {
    static Layout of(Path project, Path conf) {
      return new Layout(project.resolve("src/main/java"), project.resolve("src/main/resources"), project.resolve("target/classes"), conf);
    }
  }

  /** What a reload did: the generation now serving, whether the new one took over, and if not, why. */
  record Outcome(int serving, boolean reloaded, String error, long millis) {}

  /**
   * A deployed generation: its main verticle and every deployment made while it started. Those made in the main
   * verticle's future callbacks need not be its children in Vert.x's sense (a callback may run on another context),
   * so undeploying the main verticle alone would leave them running: the dev server undeploys each itself.
   */
  private record Generation(int number, String main, Set<String> others, DevClassLoader loader) {}

  private final Vertx vertx;
  private final Layout layout;
  private final Supplier<Config> settings;
  private final DevCompiler compiler;
  private final MeterRegistry registry;
  private final Set<Meter.Id> processMeters;
  private final List<Consumer<Outcome>> listeners = new CopyOnWriteArrayList<>();
  private final DevWatch watch;
  /** Closes the loaders of retired generations, on a thread of its own (see {@link #release}). */
  private final ExecutorService releaser = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "chorus-dev-release");
    t.setDaemon(true);
    return t;
  });
  private Generation current;
  private int generations;

  /**
   * @param settings the settings of the next generation, read again at each reload (embedded services applied)
   * @param dependencyClasspath what the sources compile against besides {@code layout.classes()}
   */
  DevServer(Vertx vertx, Layout layout, Supplier<Config> settings, String dependencyClasspath) {
    this.vertx = vertx;
    this.layout = layout;
    this.settings = settings;
    this.compiler = new DevCompiler(layout.sources(), layout.classes(), dependencyClasspath);
    this.registry = BackendRegistries.getDefaultNow();
    this.processMeters = registry == null ? Set.of() : registry.getMeters().stream().map(Meter::getId).collect(Collectors.toSet());
    this.watch = new DevWatch(layout, this::changed);
  }

  public static void main(String[] args) {
    if (System.getProperty("chorus.mode") == null) System.setProperty("chorus.mode", Settings.MODE_LOCAL);
    Supplier<Config> fromFiles = () -> Settings.load(Launcher.readDefaults(), Launcher.environment(), new JsonObject());
    Config config;
    try {
      config = fromFiles.get();
    } catch (ConfigException e) {
      System.err.println("chorus: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    LocalServices local;
    try {
      local = LocalServices.start(config);
    } catch (RuntimeException | LinkageError e) {
      System.err.println("chorus: cannot start local services: " + e);
      System.exit(3);
      return;
    }
    Vertx vertx = Launcher.newVertx();
    DevServer dev = new DevServer(vertx, Layout.of(Path.of("").toAbsolutePath(), Path.of(config.string("conf.dir")).toAbsolutePath()),
        () -> local.apply(fromFiles.get()), System.getProperty("java.class.path"));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dev.close();
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("vert.x did not close cleanly: {}", e.toString());
      }
      local.close();
    }, "chorus-dev-shutdown"));
    Outcome first = dev.start();
    if (first.reloaded()) LOG.info("chorus dev server ready on port {}: edits under {}, {} and {} reload", config.integer("http.port"),
        dev.layout.sources(), dev.layout.resources(), dev.layout.conf());
    // not started (a compile or configuration error): the watch goes on, and the fix deploys
    dev.watch.run(dev.compiler::warmUp);
  }

  /** Deploys the first generation from the classes as they are. */
  Outcome start() {
    return reload(List.of());
  }

  /** Watches the sources, resources and conf on a daemon thread and reloads on each change. */
  void watch() {
    Thread t = new Thread(() -> watch.run(compiler::warmUp), "chorus-dev-watch");
    t.setDaemon(true);
    t.start();
  }

  /** Called with the outcome of every reload the watch starts. */
  void onReload(Consumer<Outcome> listener) {
    listeners.add(listener);
  }

  private void changed(Collection<Path> files, boolean all) {
    LOG.info("reloading: {}", all ? "events were lost, compiling everything" : files.size() > 3 ? files.size() + " files changed"
        : files.stream().map(f -> f.getFileName().toString()).collect(Collectors.joining(", ")) + " changed");
    Outcome o = all ? reloadAll() : reload(files);
    listeners.forEach(l -> l.accept(o));
  }

  /** Compiles the changed sources, copies the changed resources, and deploys a new generation. */
  synchronized Outcome reload(Collection<Path> changed) {
    long t0 = System.nanoTime();
    List<Path> sources = changed.stream().filter(p -> p.startsWith(layout.sources()) && p.toString().endsWith(".java")).toList();
    DevCompiler.Result compiled = compiler.compile(sources);
    if (!compiled.ok()) return refused(t0, "compile error, still serving generation " + serving() + ":\n" + compiled.messages());
    if (!compiled.messages().isEmpty()) System.err.println(compiled.messages());
    DevWatch.copyResources(layout, changed);
    Outcome o = deployNext(t0);
    if (!o.reloaded() && compiled.files() > 0 && linkage(o.error())) {
      // a changed signature or constant whose callers did not change: compile them all, as ./mvnw compile would
      LOG.info("reload: {}; compiling every source", o.error());
      return reloadAll();
    }
    if (o.reloaded()) {
      LOG.info("reloaded in {} ms (compiled {} file(s) in {} ms): generation {} serving", o.millis(), compiled.files(),
          compiled.millis(), o.serving());
    }
    return o;
  }

  private synchronized Outcome reloadAll() {
    long t0 = System.nanoTime();
    DevCompiler.Result compiled = compiler.compileAll();
    if (!compiled.ok()) return refused(t0, "compile error, still serving generation " + serving() + ":\n" + compiled.messages());
    Outcome o = deployNext(t0);
    if (o.reloaded()) LOG.info("reloaded in {} ms (compiled all {} files in {} ms): generation {} serving", o.millis(),
        compiled.files(), compiled.millis(), o.serving());
    return o;
  }

  private Outcome deployNext(long t0) {
    Config config;
    try {
      config = settings.get();
    } catch (ConfigException e) {
      return refused(t0, "configuration error, still serving generation " + serving() + ": " + e.getMessage());
    }
    int number = ++generations;
    releaser.execute(() -> DevClassLoader.forgetAllBut(servingLoader()));
    DevClassLoader loader = new DevClassLoader(number, layout.classes(), DevServer.class.getClassLoader());
    // the meters of the generation going away hold its classes; the new one registers its own
    forgetApplicationMeters();
    Set<String> before = vertx.deploymentIDs();
    try {
      Deployable main = (Deployable) loader.loadClass(MainVerticle.class.getName()).getConstructor().newInstance();
      String id = vertx.deployVerticle(main, new DeploymentOptions().setConfig(config.json()).setClassLoader(loader))
          .await(DEPLOY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Set<String> others = new HashSet<>(vertx.deploymentIDs());
      others.removeAll(before);
      others.remove(id);
      Generation old = current;
      current = new Generation(number, id, others, loader);
      if (old != null) retire(old);
      return new Outcome(number, true, null, (System.nanoTime() - t0) / 1_000_000);
    } catch (Exception | LinkageError e) {
      // what the failed start deployed before it failed goes with it
      Set<String> left = new HashSet<>(vertx.deploymentIDs());
      left.removeAll(before);
      undeploy(left).onComplete(ar -> releaser.execute(() -> release(loader)));
      return refused(t0, "generation " + number + " did not start, still serving generation " + serving() + ": " + e);
    }
  }

  /** The class loader of the generation serving (tests check that the ones before it are collected). */
  synchronized ClassLoader servingLoader() {
    return current == null ? null : current.loader();
  }

  private Outcome refused(long t0, String why) {
    System.err.println("chorus: reload refused: " + why);
    return new Outcome(serving(), false, why, (System.nanoTime() - t0) / 1_000_000);
  }

  private int serving() {
    return current == null ? 0 : current.number();
  }

  private static boolean linkage(String error) {
    return error.contains("LinkageError") || error.contains("NoSuchMethodError") || error.contains("NoSuchFieldError")
        || error.contains("NoClassDefFoundError") || error.contains("IncompatibleClassChangeError") || error.contains("AbstractMethodError");
  }

  private void retire(Generation old) {
    long t0 = System.nanoTime();
    // the workers first, then the main verticle, whose stop closes the services they use
    undeploy(old.others()).eventually(() -> undeploy(Set.of(old.main()))).onComplete(ar -> {
      if (ar.failed()) LOG.warn("generation {} did not undeploy cleanly: {}", old.number(), ar.cause().toString());
      else LOG.info("generation {} undeployed in {} ms ({} deployments; {} left in the process)", old.number(), (System.nanoTime() - t0) / 1_000_000,
          old.others().size() + 1, vertx.deploymentIDs().size());
      releaser.execute(() -> release(old.loader()));
    });
  }

  private Future<?> undeploy(Set<String> ids) {
    Set<String> deployed = vertx.deploymentIDs();
    // undeploying a parent takes its children along: only what is still deployed
    return Future.join(ids.stream().filter(deployed::contains).map(id -> vertx.undeploy(id)
        .recover(e -> vertx.deploymentIDs().contains(id) ? Future.failedFuture(e) : Future.succeededFuture()))
        .toList());
  }

  private void forgetApplicationMeters() {
    if (registry == null) return;
    for (Meter m : registry.getMeters()) {
      if (!processMeters.contains(m.getId()) && !m.getId().getName().startsWith("vertx")) registry.remove(m);
    }
  }

  /**
   * Closes a retired generation's loader and makes the threads forget it. Not on a Vert.x thread: Vert.x sets a
   * context's loader on its thread while it runs the context's tasks and puts the previous one back after, so a
   * change made from inside such a task could be undone.
   */
  private void release(DevClassLoader loader) {
    DevClassLoader.forgetAllBut(servingLoader());
    loader.closeQuietly();
  }

  @Override
  public synchronized void close() {
    watch.close();
    if (current != null) {
      try {
        undeploy(current.others()).eventually(() -> undeploy(Set.of(current.main()))).await(DEPLOY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("generation {} did not undeploy cleanly: {}", current.number(), e.toString());
      }
      current.loader().closeQuietly();
      current = null;
    }
    releaser.shutdown();
  }
}
