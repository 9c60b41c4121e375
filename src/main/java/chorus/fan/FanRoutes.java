package chorus.fan;

import chorus.campaign.Campaign;
import chorus.campaign.Locales;
import chorus.core.Config;
import chorus.http.FanAuth;
import chorus.http.Routes;
import chorus.http.StaticFiles;
import chorus.storage.ObjectStorage;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;

/** The fan API's operations of the contract: locale, campaign, subscription, takes, the fan's data. */
public final class FanRoutes implements Routes {
  private final Config config;
  private final Campaign campaign;
  private final ObjectStorage storage;
  private final ClientErrors clientErrors;
  private final FanPage page;
  private final CoverPreview coverPreview;

  /** Fills the fan page once per language here, when the process starts (see {@link FanPage}). */
  public FanRoutes(Config config, Campaign campaign, ObjectStorage storage, MeterRegistry registry) {
    this.config = config;
    this.campaign = campaign;
    this.storage = storage;
    this.clientErrors = new ClientErrors(registry);
    java.nio.file.Path webroot = java.nio.file.Path.of(config.string("webroot"));
    this.coverPreview = CoverPreview.of(campaign, webroot);
    this.page = new FanPage(campaign, webroot, config.string("http.countryHeader"),
        StaticFiles.contentSecurityPolicy(StaticFiles.uploadOrigin(config)), config.local(),
        coverPreview == null ? null : coverPreview.path());
  }

  @Override
  public void api(RouterBuilder api, Pool pool) {
    String countryHeader = config.string("http.countryHeader");
    String baseUrl = config.string("publicBaseUrl");
    FanAuth fanAuth = new FanAuth();
    RecordingHandlers recordings = new RecordingHandlers(pool, storage, campaign.recording());
    FanDataHandlers fanData = new FanDataHandlers(pool, storage, baseUrl);
    api.getRoute("getLocale").addHandler(ctx -> locale(ctx, countryHeader));
    api.getRoute("getCampaign").addHandler(new CampaignHandler(campaign, countryHeader));
    api.getRoute("subscribe").addHandler(fanAuth).addHandler(new SubscriptionHandler(pool, campaign, baseUrl));
    api.getRoute("createRecording").addHandler(fanAuth).addHandler(recordings::create);
    api.getRoute("completeRecording").addHandler(fanAuth).addHandler(recordings::complete);
    api.getRoute("getFan").addHandler(fanAuth).addHandler(fanData::get);
    api.getRoute("deleteFan").addHandler(fanAuth).addHandler(fanData::delete);
    api.getRoute("reportClientError").addHandler(clientErrors::report);
    api.getRoute("exportFan").addHandler(fanAuth).addHandler(new FanExport(pool, storage, fanData)::handle);
  }

  /** The fan page itself, the privacy notice and the contest terms: pages outside the contract, like the share pages. */
  @Override
  public void web(Router router, Pool pool) {
    LegalPages pages = new LegalPages(pool, campaign, config.string("http.countryHeader"));
    for (String path : new String[] {"/", "/index.html"}) {
      router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(page::handle);
    }
    if (coverPreview != null) {
      router.route(coverPreview.path()).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(coverPreview::handle);
    }
    router.route("/privacy").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(pages::privacy);
    router.route("/terms").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(pages::terms);
  }

  /**
   * The answer's JSON around the country, encoded once per language (the country is two upper-case ASCII letters or
   * null, {@link Locales#choose}, so it is written in between as it is).
   */
  private static final Map<String, String[]> LOCALE_JSON = localeJson();

  private static Map<String, String[]> localeJson() {
    Map<String, String[]> parts = new HashMap<>();
    for (String lang : Locales.LANGUAGES) {
      String whole = new JsonObject().put("lang", lang).put("country", "@@")
          .put("dir", Locales.RTL.contains(lang) ? "rtl" : "ltr").put("languages", new JsonArray(Locales.LANGUAGES)).encode();
      int at = whole.indexOf("\"@@\"");
      parts.put(lang, new String[] {whole.substring(0, at), whole.substring(at + 4)});
    }
    return Map.copyOf(parts);
  }

  private static void locale(RoutingContext ctx, String countryHeader) {
    Locales.Choice choice = Negotiation.choice(ctx, countryHeader);
    String[] json = LOCALE_JSON.get(choice.lang());
    String country = choice.country() == null ? "null" : "\"" + choice.country() + "\"";
    ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "private, max-age=300")
        .putHeader("Vary", "Accept-Language, " + countryHeader)
        .end(json[0] + country + json[1]);
  }
}
