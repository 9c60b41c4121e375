package chorus.console;

import chorus.core.Config;
import chorus.campaign.Campaign;
import chorus.http.Bodies;
import chorus.http.Routes;
import chorus.mix.MixJobs;
import chorus.storage.ObjectStorage;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import io.vertx.ext.web.handler.CSRFHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.ext.web.sstore.redis.RedisSessionStore;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;

/**
 * The console's JSON API under {@code /console/api/} (operations in {@code openapi.yaml}) and its page. Calls
 * under that prefix pass, in order: a body handler; the CSRF check (Vert.x Web's defaults: the signed
 * {@code XSRF-TOKEN} cookie echoed in {@code X-XSRF-TOKEN} on every POST/PUT/PATCH/DELETE, else 403); the
 * session (Redis; cookie HttpOnly, SameSite=Strict, Secure when the site is served over https); then the
 * session gate (401 without a signed-in member). Admin-only operations answer 403 to moderators.
 */
public final class ConsoleRoutes implements Routes {
  public static final String API = "/console/api/";
  public static final String SESSION_COOKIE = "chorus.console";
  /** How long a request waits for a session just written by another container (or this one) to show in Redis. */
  static final long SESSION_RETRY_MS = 1_000;

  private final Vertx vertx;
  private final Config config;
  private final Campaign campaign;
  private final ObjectStorage storage;
  private final Redis redis;

  public ConsoleRoutes(Vertx vertx, Config config, Campaign campaign, ObjectStorage storage, Redis redis) {
    this.vertx = vertx;
    this.config = config;
    this.campaign = campaign;
    this.storage = storage;
    this.redis = redis;
  }

  @Override
  public void api(RouterBuilder api, Pool pool) {
    Console c = Console.of(vertx, config, pool, RedisAPI.api(redis), storage, campaign);
    boolean secure = config.string("publicBaseUrl").startsWith("https://");
    // only methods that carry a body: a GET claiming a multipart body must be a 4xx, not BodyHandler's exception
    Handler<RoutingContext> body = Bodies.ofMethodsWithBody(BodyHandler.create(false).setBodyLimit(config.integer("http.maxBodyBytes")));
    SessionHandler sessions = SessionHandler.create(RedisSessionStore.create(vertx, SESSION_RETRY_MS, redis))
        .setSessionCookieName(SESSION_COOKIE)
        .setSessionCookiePath("/console")
        .setCookieHttpOnlyFlag(true)
        .setCookieSecureFlag(secure)
        .setCookieSameSite(CookieSameSite.STRICT)
        .setNagHttps(false)
        .setSessionTimeout(config.integer("console.idleSeconds") * 1000L);
    CSRFHandler csrf = CSRFHandler.create(vertx, config.string("secret")).setCookieSecure(secure);
    ConsoleAuth auth = new ConsoleAuth(c);
    // CSRF before the session: the token is a signed double-submit cookie checked without server state. Bound to
    // the session, it is rewritten in Redis after every POST, and a quick next POST could meet the old copy.
    api.rootHandler(only(body)).rootHandler(only(csrf)).rootHandler(only(sessions)).rootHandler(only(auth::gate));

    api.getRoute("consoleSession").addHandler(auth::session);
    api.getRoute("consoleLogin").addHandler(auth::login);
    api.getRoute("consoleLogout").addHandler(auth::logout);
    api.getRoute("consolePassword").addHandler(auth::changePassword);

    MemberHandlers members = new MemberHandlers(c);
    api.getRoute("listMembers").addHandler(ConsoleAuth.admin(members::list));
    api.getRoute("addMember").addHandler(ConsoleAuth.admin(members::add));
    api.getRoute("updateMember").addHandler(ConsoleAuth.admin(members::update));
    api.getRoute("resetMember").addHandler(ConsoleAuth.admin(members::reset));
    api.getRoute("liftLockout").addHandler(ConsoleAuth.admin(members::unlock));
    api.getRoute("listAudit").addHandler(ConsoleAuth.admin(AuditHandler.list(c)));

    TakeHandlers takes = new TakeHandlers(c, MixJobs.queue(vertx));
    api.getRoute("listTakes").addHandler(takes::list);
    api.getRoute("decideTake").addHandler(takes::decide);
    api.getRoute("approveTakes").addHandler(takes::approvePage);

    NameHandlers names = new NameHandlers(c);
    api.getRoute("listNames").addHandler(names::list);
    api.getRoute("decideName").addHandler(names::decide);
    api.getRoute("reportName").addHandler(names::report);

    DrawHandlers draw = new DrawHandlers(c);
    api.getRoute("getDraw").addHandler(ConsoleAuth.admin(draw::current));
    api.getRoute("freezeDraw").addHandler(ConsoleAuth.admin(draw::freeze));
    api.getRoute("seedDraw").addHandler(ConsoleAuth.admin(draw::seed));
    api.getRoute("redrawWinner").addHandler(ConsoleAuth.admin(draw::redraw));
    api.getRoute("drawEntries").addHandler(ConsoleAuth.admin(draw::entries));

    StatsCache stats = new StatsCache(pool, c.redis());
    api.getRoute("getStats").addHandler(ctx -> {
      String bucket = ctx.queryParams().get("bucket") == null ? "day" : ctx.queryParams().get("bucket");
      int span = ctx.queryParams().contains("span") ? Integer.parseInt(ctx.queryParams().get("span")) : bucket.equals("hour") ? 48 : 30;
      stats.get(bucket, span).onSuccess(figures -> json(ctx, 200, figures)).onFailure(ctx::fail);
    });

    MixHandlers mixes = new MixHandlers(MixJobs.service(vertx, pool, storage, config, campaign.backingTrackMs()));
    api.getRoute("startMix").addHandler(ConsoleAuth.admin(mixes::start));
    api.getRoute("listMixes").addHandler(mixes::list);
    api.getRoute("getMix").addHandler(mixes::status);
    api.getRoute("listMixGroups").addHandler(mixes::groups);
    api.getRoute("defineMixGroup").addHandler(ConsoleAuth.admin(mixes::defineGroup));
    api.getRoute("listAlignments").addHandler(mixes::needingReview);
    api.getRoute("getAlignment").addHandler(mixes::alignment);
    api.getRoute("nudgeTake").addHandler(mixes::nudge);

    Exports exports = new Exports(c);
    api.getRoute("exportSubscribers").addHandler(ConsoleAuth.admin(exports::subscribers));
    api.getRoute("exportEntries").addHandler(ConsoleAuth.admin(exports::entries));
    api.getRoute("exportTakes").addHandler(ConsoleAuth.admin(exports::takes));

    RetentionHandlers retention = new RetentionHandlers(c);
    api.getRoute("getRetention").addHandler(ConsoleAuth.admin(retention::get));
    api.getRoute("setRetention").addHandler(ConsoleAuth.admin(retention::put));
  }

  /**
   * The page under {@code /console/}: never cached (a new deploy shows at once), with a policy that lets it
   * play takes from the object store's signed URLs.
   */
  @Override
  public void web(Router router, Pool pool) {
    String origin = chorus.http.StaticFiles.uploadOrigin(config);
    String csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'"
        + (origin == null ? "" : " " + origin) + "; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        + "frame-ancestors 'none'";
    StaticHandler files = StaticHandler.create(FileSystemAccess.ROOT, Path.of(config.string("webroot"), "console").toAbsolutePath().toString())
        .setCachingEnabled(false).setIndexPage("index.html");
    router.route("/console*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
      String path = ctx.request().path();
      if (path.equals("/console")) {
        ctx.redirect("/console/");
        return;
      }
      if (path.startsWith(API) || !path.startsWith("/console/")) {
        ctx.next();
        return;
      }
      ctx.response().putHeader("Cache-Control", "no-cache").putHeader("Content-Security-Policy", csp)
          .putHeader("X-Frame-Options", "DENY");
      files.handle(ctx);
    });
  }

  /** Runs the handler for console API calls only; everything else passes by. */
  private static Handler<RoutingContext> only(Handler<RoutingContext> h) {
    return ctx -> {
      if (ctx.request().path().startsWith(API)) h.handle(ctx);
      else ctx.next();
    };
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
