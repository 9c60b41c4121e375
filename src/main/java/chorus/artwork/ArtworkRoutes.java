package chorus.artwork;

import chorus.campaign.Campaign;
import chorus.core.Config;
import chorus.http.FanAuth;
import chorus.http.Routes;
import chorus.http.StaticFiles;
import chorus.ratelimit.RateLimiter;
import chorus.storage.ObjectStorage;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;

/** The artwork side: {@code POST /api/fan/artwork} through the render gate, {@code /media/*} and share pages. */
public final class ArtworkRoutes implements Routes {
  /** The rate-limit group of {@code /media/*} requests that miss storage (what costs). */
  static final String MEDIA_MISS = "media-miss";
  private final Config config;
  private final Campaign campaign;
  private final ObjectStorage storage;
  private final RenderGate gate;
  private final RateLimiter limiter;
  private final ArtworkKeys keys;

  public ArtworkRoutes(Config config, Campaign campaign, ObjectStorage storage, RenderGate gate, RateLimiter limiter) {
    this.config = config;
    this.campaign = campaign;
    this.storage = storage;
    this.gate = gate;
    this.limiter = limiter;
    this.keys = new ArtworkKeys(config.string("secret"));
  }

  @Override
  public void api(RouterBuilder api, Pool pool) {
    ArtworkHandler artwork = new ArtworkHandler(pool, campaign, gate, config.string("publicBaseUrl"), keys,
        config.integer("artwork.perFanPerDay"));
    api.getRoute("createArtwork").addHandler(new FanAuth()).addHandler(artwork::create);
  }

  @Override
  public void web(Router router, Pool pool) {
    MediaHandler media = new MediaHandler(pool, storage, gate, keys);
    var route = router.route(MediaHandler.PATH + "*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(media::serve);
    if (limiter.policies().has(MEDIA_MISS)) {
      var misses = limiter.forGroup(MEDIA_MISS); // after the storage read: only misses are limited
      route.handler(misses::handle);
    }
    route.handler(media::missed);
    router.route("/s/:shareId").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(new SharePage(pool, campaign, config.string("publicBaseUrl"), storage,
        StaticFiles.uploadOrigin(config), Path.of(config.string("webroot"), "i18n"))::handle);
  }
}
