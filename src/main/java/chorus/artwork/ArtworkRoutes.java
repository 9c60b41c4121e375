package chorus.artwork;

import chorus.campaign.Campaign;
import chorus.core.Config;
import chorus.http.FanAuth;
import chorus.http.Routes;
import chorus.storage.ObjectStorage;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;

/** The artwork side: {@code POST /api/fan/artwork} through the render gate, {@code /media/*} and share pages. */
public final class ArtworkRoutes implements Routes {
  private final Config config;
  private final Campaign campaign;
  private final ObjectStorage storage;
  private final RenderGate gate;

  public ArtworkRoutes(Config config, Campaign campaign, ObjectStorage storage, RenderGate gate) {
    this.config = config;
    this.campaign = campaign;
    this.storage = storage;
    this.gate = gate;
  }

  @Override
  public void api(RouterBuilder api, Pool pool) {
    ArtworkHandler artwork = new ArtworkHandler(pool, campaign, gate, config.string("publicBaseUrl"));
    api.getRoute("createArtwork").addHandler(new FanAuth()).addHandler(artwork::create);
  }

  @Override
  public void web(Router router, Pool pool) {
    MediaHandler media = new MediaHandler(pool, storage, gate);
    router.route(MediaHandler.PATH + "*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(media::handle);
    router.get("/s/:shareId").handler(new SharePage(pool, campaign, config.string("publicBaseUrl"))::handle);
  }
}
