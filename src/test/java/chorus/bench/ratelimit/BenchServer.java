package chorus.bench.ratelimit;

import chorus.core.Failure;
import chorus.ratelimit.RateLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server with the same trivial route twice: {@code GET /plain} and {@code GET /limited}, the
 * latter behind the rate limiter (group {@code bench}, per-IP and per-fan limits in one EVALSHA, the
 * production 50 ms budget). Writes its port to the given file and runs until killed.
 *
 * <p>Usage: {@code BenchServer <redis-port> <port-file>}
 */
public final class BenchServer {

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    RateLimiter limiter = RateLimiter.create(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:" + args[0]),
        BenchSetup.config(50), new SimpleMeterRegistry());
    Router router = Router.router(vertx);
    router.get("/plain").handler(ctx -> ctx.response().end("ok"));
    router.get("/limited").handler(limiter.forGroup(BenchSetup.GROUP)).handler(ctx -> ctx.response().end("ok"));
    router.route().failureHandler(ctx -> {
      int status = ctx.failure() instanceof Failure p && p.kind() == Failure.Kind.LIMITED ? 429 : 500;
      ctx.response().setStatusCode(status).end();
    });
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    Files.writeString(Path.of(args[1]), Integer.toString(server.actualPort()));
    System.out.println("bench server on 127.0.0.1:" + server.actualPort());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(
        "bench server: Redis up at exit: " + limiter.redisUp())));
  }
}
