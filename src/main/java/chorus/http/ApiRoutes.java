package chorus.http;

import chorus.campaign.Locales;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Binds each operation of the OpenAPI contract to its handler. */
final class ApiRoutes {
  private ApiRoutes() {}

  static void mount(RouterBuilder api, Services s) {
    String countryHeader = s.config().string("http.countryHeader");
    api.getRoute("getLocale").addHandler(ctx -> locale(ctx, countryHeader));
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
