package chorus.http;

import chorus.app.Config;
import chorus.campaign.Campaign;
import chorus.render.ArtworkHandler;
import chorus.render.MediaHandler;
import chorus.render.RenderGate;
import chorus.render.SharePage;
import chorus.ratelimit.RateLimiter;
import chorus.storage.ObjectStorage;
import chorus.db.Database;
import chorus.storage.LocalDiskStorage;
import chorus.storage.Storages;
import chorus.storage.UploadSigner;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP verticle (one instance per core): the API validated against {@code openapi.yaml}, health,
 * metrics, local uploads and the static website, all failures through {@link ProblemHandler}. On stop it
 * stops accepting and gives in-flight requests {@code http.shutdownSeconds} to finish.
 */
public class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  public static final String CONTRACT = "openapi.yaml";

  private HttpServer server;
  private Services services;
  private Redis redis;
  private RateLimiter limiter;

  @Override
  public Future<?> start() {
    Config config = Config.of(config());
    Pool pool = Database.pool(vertx, config);
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.string("redis.url"))
        .setMaxPoolSize(8).setMaxPoolWaiting(1_000));
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    RenderGate gate = new RenderGate(vertx, config.integer("render.queue"), registry);
    // file reads and the S3 client's set-up block: keep them off the event loop
    return vertx.executeBlocking(() -> new Loaded(
            Campaign.load(Path.of(config.string("conf.dir"), "campaign.json"), Path.of(config.string("webroot"))),
            Storages.create(vertx, config)))
        .compose(loaded -> {
          limiter = RateLimits.create(vertx, redis, config, registry);
          ArtworkHandler artwork = new ArtworkHandler(pool, loaded.campaign(), gate, config.string("publicBaseUrl"));
          services = new Services(vertx, config, pool, RedisAPI.api(redis), loaded.storage(), registry, loaded.campaign(), gate, artwork);
          return services.storage().check()
              .onFailure(e -> LOG.warn("storage ({}) not reachable at start: {}", services.storage().kind(), e.toString()))
              .otherwiseEmpty();
        })
        .compose(v -> OpenAPIContract.from(vertx, CONTRACT))
        .map(this::router)
        .compose(router -> vertx.createHttpServer(serverOptions(config))
            .requestHandler(router)
            .listen(config.integer("http.port"), host(config)))
        .onSuccess(s -> server = s);
  }

  private record Loaded(Campaign campaign, ObjectStorage storage) {}

  private Router router(OpenAPIContract contract) {
    Config config = services.config();
    BodyHandler body = BodyHandler.create(false).setBodyLimit(config.integer("http.maxBodyBytes"));
    RouterBuilder api = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler())
        .rootHandler(new RequestIds())
        .rootHandler(new AccessLog())
        .rootHandler(ctx -> {
          ctx.response().putHeader("X-Content-Type-Options", "nosniff")
              .putHeader("Referrer-Policy", "strict-origin-when-cross-origin");
          ctx.next();
        })
        .rootHandler(RateLimits.dispatcher(limiter))
        .rootHandler(ctx -> {
          if (ctx.request().path().startsWith("/api/")) body.handle(ctx);
          else ctx.next();
        });
    ApiRoutes.mount(api, services);
    chorus.console.ConsoleRoutes.mount(api, vertx, config, services.pool(), redis, services.storage(), services.campaign());
    Router router = api.createRouter();
    ProblemHandler problems = new ProblemHandler(services.registry());
    HealthRoutes.mount(router, services);
    chorus.mail.MailRoutes.mount(router, services);
    if (services.registry() != null) router.get("/metrics").handler(PrometheusScrapingHandler.create(
        (io.micrometer.prometheusmetrics.PrometheusMeterRegistry) services.registry()));
    if (services.storage() instanceof LocalDiskStorage local) {
      UploadSigner signer = new UploadSigner(config.string("secret"));
      router.put(UploadSigner.PATH + "*").handler(new LocalUploadHandler(local, signer));
      router.get(UploadSigner.DOWNLOAD_PATH + "*").handler(new LocalDownloadHandler(local, signer));
    }
    MediaHandler media = new MediaHandler(services.pool(), services.storage(), services.gate());
    router.route(MediaHandler.PATH + "*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(media::handle);
    router.get("/s/:shareId").handler(new SharePage(services.pool(), services.campaign(), config.string("publicBaseUrl"))::handle);
    router.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(StaticFiles.handler(config.string("webroot"), config.local(),
            StaticFiles.contentSecurityPolicy(StaticFiles.uploadOrigin(config))));
    router.route().failureHandler(problems);
    for (int status : new int[] {400, 404, 405, 413, 415, 431, 500}) router.errorHandler(status, problems);
    return router;
  }

  static String host(Config config) {
    return config.has("http.host") ? config.string("http.host") : config.local() ? "127.0.0.1" : "0.0.0.0";
  }

  private static HttpServerOptions serverOptions(Config config) {
    return new HttpServerOptions()
        .setCompressionSupported(true)
        .setIdleTimeout(120)
        .setMaxHeaderSize(16 * 1024)
        .setMaxInitialLineLength(8 * 1024)
        .setMaxFormAttributeSize(8 * 1024);
  }

  @Override
  public Future<?> stop() {
    if (services == null) return redis == null ? Future.succeededFuture() : redis.close();
    int seconds = services.config().integer("http.shutdownSeconds");
    Future<Void> closing = server == null ? Future.succeededFuture() : server.shutdown(seconds, TimeUnit.SECONDS);
    return closing
        .eventually(() -> limiter.close())
        .eventually(() -> services.pool().close())
        .eventually(() -> redis.close());
  }
}
