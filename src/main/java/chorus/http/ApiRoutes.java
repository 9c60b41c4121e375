package chorus.http;

import chorus.campaign.CampaignHandler;
import chorus.campaign.Locales;
import chorus.fan.FanDataHandlers;
import chorus.fan.FanId;
import chorus.fan.RecordingHandlers;
import chorus.fan.SubscriptionHandler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Binds each operation of the OpenAPI contract to its handler; fan operations first check the fan id. */
final class ApiRoutes {
  private ApiRoutes() {}

  static void mount(RouterBuilder api, Services s) {
    String countryHeader = s.config().string("http.countryHeader");
    String baseUrl = s.config().string("publicBaseUrl");
    FanId fanId = new FanId();
    RecordingHandlers recordings = new RecordingHandlers(s.pool(), s.storage(), s.campaign().recording());
    FanDataHandlers fanData = new FanDataHandlers(s.pool(), s.storage(), baseUrl);
    api.getRoute("getLocale").addHandler(ctx -> locale(ctx, countryHeader));
    api.getRoute("getCampaign").addHandler(new CampaignHandler(s.campaign(), countryHeader));
    api.getRoute("subscribe").addHandler(fanId).addHandler(new SubscriptionHandler(s.pool(), s.campaign(), baseUrl));
    api.getRoute("createRecording").addHandler(fanId).addHandler(recordings::create);
    api.getRoute("completeRecording").addHandler(fanId).addHandler(recordings::complete);
    api.getRoute("createArtwork").addHandler(fanId).addHandler(s.artwork()::create);
    api.getRoute("getFan").addHandler(fanId).addHandler(fanData::get);
    api.getRoute("deleteFan").addHandler(fanId).addHandler(fanData::delete);
  }

  private static void locale(RoutingContext ctx, String countryHeader) {
    Locales.Choice choice = Locales.negotiate(ctx.request().getHeader("Accept-Language"), ctx.request().getHeader(countryHeader));
    JsonObject body = new JsonObject().put("lang", choice.lang()).put("country", choice.country())
        .put("dir", Locales.RTL.contains(choice.lang()) ? "rtl" : "ltr")
        .put("languages", new JsonArray(Locales.LANGUAGES));
    ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "private, max-age=300")
        .putHeader("Vary", "Accept-Language, " + countryHeader)
        .end(body.encode());
  }
}
