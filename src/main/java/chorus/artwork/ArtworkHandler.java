package chorus.artwork;

import chorus.campaign.Campaign;
import chorus.campaign.Locales;
import chorus.db.Artworks;
import chorus.db.Fans;
import chorus.core.RenderRequest;
import chorus.core.RenderResult;
import chorus.http.FanAuth;
import chorus.render.RenderKey;
import chorus.render.TeamSpec;
import chorus.campaign.Names;
import chorus.core.Failure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * {@code POST /api/fan/artwork}: the fan's artwork in every size and a share page for it. The same request
 * again returns the same share id and images without drawing anything.
 */
public final class ArtworkHandler {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ArtworkHandler.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool pool;
  private final Campaign campaign;
  private final RenderGate gate;
  private final String baseUrl;
  private final ArtworkKeys keys;
  private final int perFanPerDay;

  public ArtworkHandler(Pool pool, Campaign campaign, RenderGate gate, String baseUrl, ArtworkKeys keys, int perFanPerDay) {
    this.pool = pool;
    this.campaign = campaign;
    this.gate = gate;
    this.baseUrl = baseUrl;
    this.keys = keys;
    this.perFanPerDay = perFanPerDay;
  }

  public void create(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String name = Names.clean("name", body.getString("name"));
    String teamId = body.getString("team");
    var team = campaign.requireTeam(teamId);
    String lang = Locales.requireSupported(body.getString("lang"));
    Buffer fan = FanAuth.key(ctx);
    String renderKey = RenderKey.of(campaign.id(), campaign.version(), "cover", new TeamSpec(team.id(), team.name(lang), team.crest()), name).hex();
    Fans.ensure(pool, fan)
        .compose(v -> Artworks.byRender(pool, fan, renderKey))
        .compose(existing -> existing != null && existing.withdrawn()
            ? Future.failedFuture(Failure.of(Failure.Kind.UNPROCESSABLE, "name-rejected", "Name rejected",
                "This name was not accepted; please choose another.").with("errors",
                new io.vertx.core.json.JsonArray().add(new JsonObject().put("field", "name").put("detail", "rejected"))))
            : existing != null ? Future.succeededFuture(new Created(existing, false))
            : withinDailyBound(fan).compose(v -> gate.render(new RenderRequest(name, teamId, lang, keys.owner(fan)))).compose(result -> {
              JsonObject images = result.imagesJson();
              String shareId = newShareId();
              return Artworks.insert(pool, shareId, fan, renderKey, name, teamId, lang, images)
                  .compose(inserted -> inserted ? Future.succeededFuture(new Created(new Artworks.Artwork(shareId, name, teamId, lang, images), true))
                      : Artworks.byRender(pool, fan, renderKey).map(a -> new Created(a, false)));
            }))
        .onSuccess(c -> {
          if (ctx.response().headWritten()) {
            // the request's deadline answered 503 + Retry-After first; the artwork is stored under its render key,
            // so the fan's retry is answered 200 with it at once
            LOG.info("artwork {} finished after the request's deadline had answered; kept for the retry", c.artwork().shareId());
            return;
          }
          ctx.response().setStatusCode(c.fresh() ? 201 : 200).putHeader("Content-Type", "application/json")
              .putHeader("Cache-Control", "no-store").end(describe(c.artwork()).encode());
        })
        .onFailure(e -> {
          if (!ctx.response().headWritten()) ctx.fail(e);
          else LOG.info("artwork request failed after the request's deadline had answered: {}", e.toString());
        });
  }

  /** New artworks per fan per 24 hours are bounded ({@code artwork.perFanPerDay}); asking again for one already drawn is free. */
  private Future<Void> withinDailyBound(Buffer fan) {
    return Artworks.today(pool, fan).compose(t -> t.count() < perFanPerDay ? Future.succeededFuture()
        : Future.failedFuture(Failure.limited("You have made " + t.count() + " artworks today; try again in "
            + t.secondsUntilOneFrees() + " s.", t.secondsUntilOneFrees()).with("limit", "artwork-per-fan-per-day")));
  }

  record Created(Artworks.Artwork artwork, boolean fresh) {}

  /** {@code {shareId, shareUrl, images:{cover:{url,width,height,bytes},...}}}. */
  JsonObject describe(Artworks.Artwork a) {
    return new JsonObject().put("shareId", a.shareId()).put("shareUrl", baseUrl + "/s/" + a.shareId())
        .put("images", RenderResult.ofImages(a.images()).links(baseUrl));
  }

  /** 128 random bits, base64url: reveals nothing about the fan. */
  static String newShareId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
