package chorus.console;

import chorus.core.Config;
import chorus.campaign.Campaign;
import chorus.ratelimit.ClientIp;
import chorus.storage.ObjectStorage;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.util.Arrays;
import java.util.List;

/** What the console's handlers share: clients, settings and the sign-in guard of one HTTP verticle instance. */
record Console(Vertx vertx, Config config, Pool pool, RedisAPI redis, ObjectStorage storage, Campaign campaign, LoginGuard guard,
               ClientIp clientIp) {

  static final String MEMBER = "console.member";

  static Console of(Vertx vertx, Config config, Pool pool, RedisAPI redis, ObjectStorage storage, Campaign campaign) {
    List<String> proxies = config.has("trustedProxies")
        ? Arrays.stream(config.string("trustedProxies").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList() : List.of();
    ClientIp ip = new ClientIp(proxies, config.string("clientIpHeader", ClientIp.X_FORWARDED_FOR));
    LoginGuard guard = new LoginGuard(redis, config.integer("console.loginAttempts"), config.integer("console.lockoutMinutes"));
    return new Console(vertx, config, pool, redis, storage, campaign, guard, ip);
  }

  /** The signed-in member (set by the session gate). */
  static Members.Member member(RoutingContext ctx) {
    return ctx.get(MEMBER);
  }

  /** The client's address as the rate limiter sees it (proxy header only from a trusted proxy). */
  String ip(RoutingContext ctx) {
    SocketAddress peer = ctx.request().connection().remoteAddress();
    return ClientIp.bucket(clientIp.resolve(peer == null ? null : peer.hostAddress(), ctx.request().headers().getAll(clientIp.header())));
  }
}
