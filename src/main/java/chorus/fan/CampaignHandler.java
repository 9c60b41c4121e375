package chorus.fan;

import chorus.campaign.Campaign;
import chorus.campaign.Locales;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/campaign?lang=xx}: the localised campaign, with an ETag (304 when unchanged). */
public final class CampaignHandler implements Handler<RoutingContext> {
  private final Campaign campaign;
  private final String countryHeader;

  public CampaignHandler(Campaign campaign, String countryHeader) {
    this.campaign = campaign;
    this.countryHeader = countryHeader;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String lang = ctx.request().getParam("lang");
    boolean negotiated = lang == null;
    if (negotiated) {
      lang = Negotiation.choice(ctx, countryHeader).lang();
    }
    String etag = campaign.etag(lang);
    var response = ctx.response()
        .putHeader("ETag", etag)
        .putHeader("Cache-Control", "public, max-age=60, stale-while-revalidate=600");
    if (negotiated) response.putHeader("Vary", "Accept-Language, " + countryHeader);
    if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader("Content-Type", "application/json").end(campaign.localizedJson(lang));
  }
}
