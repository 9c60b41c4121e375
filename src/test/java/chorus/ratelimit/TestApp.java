package chorus.ratelimit;

import chorus.http.ProblemHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.redis.client.RedisOptions;
import java.util.concurrent.TimeUnit;

/**
 * One application instance as a container runs it: its own HTTP server on 127.0.0.1, router, Redis
 * client and limiter. {@code GET /<group>} is limited by that group, {@code GET /chain/<group>} by that
 * group and then a catch-all {@code default} handler (which must not count it again); errors are written the way the
 * real error handler does (problem JSON plus Retry-After).
 */
final class TestApp implements AutoCloseable {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final RateLimiter limiter;
  private final HttpServer server;

  TestApp(Vertx vertx, String redisUri, JsonObject config) throws Exception {
    limiter = RateLimiter.create(vertx, new RedisOptions().setConnectionString(redisUri), config, registry);
    Router router = Router.router(vertx);
    for (String group : limiter.policies().groups().keySet()) {
      router.get("/" + group).handler(limiter.forGroup(group)).handler(ctx -> ctx.response().end("ok"));
      router.get("/chain/" + group).handler(limiter.forGroup(group)); // a group handler alone: it calls next()
    }
    // as in the HTTP verticle: specific groups first, then the default on a catch-all, then the business route
    // an upload: the limiter runs before the body handler, which must still get the whole body
    router.post("/body").handler(limiter.forGroup(Policies.DEFAULT_GROUP)).handler(BodyHandler.create())
        .handler(ctx -> ctx.response().end(Integer.toString(ctx.body().length())));
    router.get("/chain/*").handler(limiter.forGroup(Policies.DEFAULT_GROUP)).handler(ctx -> ctx.response().end("ok"));
    router.route().failureHandler(new ProblemHandler(null)); // the app's one failure-to-problem mapping
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  int port() {
    return server.actualPort();
  }

  double count(String meter, String... tags) {
    var counter = registry.find(meter).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Override
  public void close() throws Exception {
    server.close().await(10, TimeUnit.SECONDS);
    limiter.close().await(10, TimeUnit.SECONDS);
  }
}
