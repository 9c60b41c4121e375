package chorus.http;

import chorus.core.Config;
import chorus.storage.LocalDiskStorage;
import chorus.storage.UploadSigner;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP verticle (one instance per core): the API validated against {@code openapi.yaml}, the features'
 * routes, health, local uploads and the static website, all failures through {@link ProblemHandler}; metrics
 * on a port of their own.
 * Everything it uses comes built once per process in {@link Shared}. On stop it stops
 * accepting and gives in-flight requests {@code http.shutdownSeconds} to finish.
 */
public class HttpVerticle extends VerticleBase {
  public static final String CONTRACT = "openapi.yaml";

  private final Shared shared;
  private final OpenAPIContract contract;
  private HttpServer server;
  private HttpServer metricsServer;
  private Pool pool;
  private HealthRoutes health;

  /** @param contract the parsed contract (parsed once per process; the router builder does not change it) */
  public HttpVerticle(Shared shared, OpenAPIContract contract) {
    this.shared = shared;
    this.contract = contract;
  }

  @Override
  public Future<?> start() {
    Config config = shared.config();
    pool = shared.pool();
    return vertx.createHttpServer(serverOptions())
        .invalidRequestHandler(new InvalidRequests())
        .requestHandler(router())
        .listen(config.integer("http.port"), host(config))
        .onSuccess(s -> server = s)
        .compose(s -> metrics(config));
  }

  /**
   * {@code /metrics} on its own port ({@code metrics.port}), never on the public one: the load balancer
   * forwards the public port only, so Prometheus scrapes the task directly and nobody else can.
   */
  private Future<?> metrics(Config config) {
    int port = config.has("metrics.port") ? config.integer("metrics.port") : 0;
    if (port == 0 || !(shared.registry() instanceof PrometheusMeterRegistry prometheus)) return Future.succeededFuture();
    Router router = Router.router(vertx);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(prometheus));
    ProblemHandler problems = new ProblemHandler(shared.registry());
    router.route().failureHandler(problems);
    for (int status : new int[] {404, 405}) router.errorHandler(status, problems);
    return vertx.createHttpServer().requestHandler(router).listen(port, host(config)).onSuccess(s -> metricsServer = s);
  }

  private Router router() {
    Config config = shared.config();
    Handler<RoutingContext> body = Bodies.ofMethodsWithBody(BodyHandler.create(false).setBodyLimit(config.integer("http.maxBodyBytes")));
    RouterBuilder api = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler())
        // every request has a deadline for the start of its answer: past it, 503 + Retry-After instead of a client
        // left waiting (a platform handler: Vert.x Web refuses it after a user handler such as CanonicalPaths)
        .rootHandler(new Deadline(config.has("http.deadlineMs") ? config.integer("http.deadlineMs") : 8_000))
        // one root handler for the synchronous first steps (each root handler is a route every request walks):
        // the path as the router will match it, the request id, the access log line, the shared headers, the proxy check
        .rootHandler(firstSteps(config.string("trustedProxies", "").isBlank()))
        .rootHandler(RateLimits.dispatcher(shared.limiter()))
        .rootHandler(FanAuth.beforeBody())
        .rootHandler(ctx -> {
          if (ctx.request().path().startsWith("/api/")) body.handle(ctx);
          else ctx.next();
        });
    shared.routes().forEach(r -> r.api(api, pool));
    Router router = api.createRouter();
    ProblemHandler problems = new ProblemHandler(shared.registry());
    health = HealthRoutes.mount(router, vertx, pool, RedisAPI.api(shared.redis()), shared.storage(),
        () -> shared.limiter() == null || shared.limiter().redisUp(), shared.registry());
    if (shared.storage() instanceof LocalDiskStorage local) {
      UploadSigner signer = new UploadSigner(config.string("secret"));
      router.put(UploadSigner.PATH + "*").handler(new LocalUploadHandler(local, signer));
      router.get(UploadSigner.DOWNLOAD_PATH + "*").handler(new LocalDownloadHandler(local, signer));
    }
    shared.routes().forEach(r -> r.web(router, pool));
    router.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(StaticFiles.handler(vertx, config.string("webroot"), config.local(),
            StaticFiles.contentSecurityPolicy(StaticFiles.uploadOrigin(config))));
    router.route().failureHandler(problems);
    for (int status : new int[] {400, 404, 405, 413, 415, 431, 500}) router.errorHandler(status, problems);
    return router;
  }

  private static Handler<RoutingContext> firstSteps(boolean checkProxy) {
    return ctx -> {
      if (!CanonicalPaths.admits(ctx)) return;
      RequestIds.apply(ctx);
      AccessLog.apply(ctx);
      ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "strict-origin-when-cross-origin");
      if (checkProxy) ProxyCheck.apply(ctx);
      ctx.next();
    };
  }

  static String host(Config config) {
    return config.has("http.host") ? config.string("http.host") : config.local() ? "127.0.0.1" : "0.0.0.0";
  }

  private static HttpServerOptions serverOptions() {
    return new HttpServerOptions()
        .setCompressionSupported(true)
        .setIdleTimeout(120)
        .setMaxHeaderSize(16 * 1024)
        .setMaxInitialLineLength(8 * 1024)
        .setMaxFormAttributeSize(8 * 1024);
  }

  @Override
  public Future<?> stop() {
    int seconds = shared.config().integer("http.shutdownSeconds");
    int drain = shared.config().has("http.drainSeconds") ? shared.config().integer("http.drainSeconds") : 0;
    if (health != null) {
      health.drain();
      health.close();
    }
    // readiness is 503 now; keep serving while the load balancer notices, then stop accepting
    Future<Void> drained = drain == 0 ? Future.succeededFuture() : vertx.timer(drain, TimeUnit.SECONDS);
    Future<Void> closing = (server == null ? drained : drained.compose(v -> server.shutdown(seconds, TimeUnit.SECONDS)))
        .eventually(() -> metricsServer == null ? Future.succeededFuture() : metricsServer.close());
    return closing; // the pool is the process's: the main verticle closes it after every HTTP instance stopped
  }
}
