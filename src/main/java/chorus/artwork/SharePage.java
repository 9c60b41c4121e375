package chorus.artwork;

import static chorus.core.Html.escape;

import chorus.campaign.Campaign;
import chorus.campaign.Locales;
import chorus.db.Artworks;
import chorus.db.Recordings;
import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /s/{shareId}}: a small page in the fan's language whose Open Graph and Twitter tags show the
 * fan's artwork when the link is posted. Every fan-provided string is escaped. Unknown id → 404 page. Once the
 * fan's take is approved and its preview rendered, the page plays it ("hear this fan's voice", a signed URL
 * that outlives the page's cache time); a rejected or erased take's preview is gone, and so is the player.
 */
public final class SharePage {
  /** How long the signed preview URL in a share page plays: well beyond the page's five minutes in a cache. */
  static final Duration PREVIEW_TTL = Duration.ofHours(1);
  private final Pool pool;
  private final Campaign campaign;
  private final String baseUrl;
  private final ObjectStorage storage;
  private final String csp;
  /** The player's heading per language ({@code hearVoice} of the page's texts). */
  private final Map<String, String> hearVoice;

  /**
   * @param mediaOrigin where signed storage URLs point (the bucket's origin), or null when storage is this site
   * @param i18n        the folder of the page's texts ({@code webroot/i18n}), for the player's heading
   */
  public SharePage(Pool pool, Campaign campaign, String baseUrl, ObjectStorage storage, String mediaOrigin, Path i18n) {
    this.pool = pool;
    this.campaign = campaign;
    this.baseUrl = baseUrl;
    this.storage = storage;
    this.csp = "default-src 'none'; img-src 'self'; media-src 'self'" + (mediaOrigin == null ? "" : " " + mediaOrigin)
        + "; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";
    this.hearVoice = new HashMap<>();
    for (String lang : Locales.LANGUAGES) {
      try {
        hearVoice.put(lang, new JsonObject(Files.readString(i18n.resolve(lang + ".json"))).getString("hearVoice"));
      } catch (IOException e) {
        throw new UncheckedIOException("the page's texts are missing: " + i18n.resolve(lang + ".json"), e);
      }
    }
  }

  public void handle(RoutingContext ctx) {
    String id = ctx.pathParam("shareId");
    if (id == null || !id.matches("[A-Za-z0-9_-]{22}")) {
      notFound(ctx);
      return;
    }
    Artworks.byShareId(pool, id).compose(a -> a != null ? Future.succeededFuture(a)
        : Artworks.gone(pool, id).map(gone -> {
          if (gone) this.gone(ctx);
          else notFound(ctx);
          return (Artworks.Artwork) null;
        })).onSuccess(a -> {
      if (a == null) return;
      if (a.withdrawn()) {
        withdrawn(ctx);
        return;
      }
      Recordings.previewForShare(pool, a.shareId())
          .compose(key -> key == null ? Future.succeededFuture((String) null) : storage.presignGet(key, PREVIEW_TTL))
          .onSuccess(preview -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
              .putHeader("Cache-Control", "public, max-age=300")
              .putHeader("Content-Security-Policy", csp)
              .putHeader("X-Frame-Options", "DENY")
              .end(page(a).replace("</main>", voice(a.lang(), preview) + reportForm(a.shareId(), ctx.request().getParam("reported") != null)
                  + "</main>")))
          .onFailure(ctx::fail);
    }).onFailure(ctx::fail);
  }

  String page(Artworks.Artwork a) {
    String lang = a.lang();
    String team = campaign.team(a.team()).map(t -> t.name(lang)).orElse(a.team());
    String title = fill(campaign.text(lang, "shareTitle"), a.name(), team);
    String description = fill(campaign.text(lang, "shareDescription"), a.name(), team);
    String alt = fill(campaign.text(lang, "artworkAlt"), a.name(), team);
    JsonObject fb = a.images().getJsonObject("facebook");
    JsonObject x = a.images().getJsonObject("x");
    JsonObject cover = a.images().getJsonObject("cover");
    String url = baseUrl + "/s/" + a.shareId();
    return """
        <!doctype html>
        <html lang="%s" dir="%s">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s</title>
        <meta name="description" content="%s">
        <meta property="og:type" content="website">
        <meta property="og:url" content="%s">
        <meta property="og:title" content="%s">
        <meta property="og:description" content="%s">
        <meta property="og:image" content="%s">
        <meta property="og:image:type" content="image/jpeg">
        <meta property="og:image:width" content="%d">
        <meta property="og:image:height" content="%d">
        <meta property="og:image:alt" content="%s">
        <meta name="twitter:card" content="summary_large_image">
        <meta name="twitter:title" content="%s">
        <meta name="twitter:description" content="%s">
        <meta name="twitter:image" content="%s">
        <meta name="twitter:image:alt" content="%s">
        <style>body{margin:0;font:18px/1.5 system-ui,sans-serif;background:#0b1020;color:#f1f5f9;text-align:center}
        main{max-width:40rem;margin:auto;padding:1.5rem}img{width:100%%;height:auto;border-radius:12px}
        .legal{margin-top:2rem;font-size:.85rem}.legal a{color:#94a3b8}
        a.cta{display:inline-block;margin-top:1.25rem;padding:.8rem 1.4rem;border-radius:999px;background:#f59e0b;color:#111827;font-weight:700;text-decoration:none}</style>
        </head>
        <body>
        <main>
        <h1>%s</h1>
        <img src="%s" width="%d" height="%d" alt="%s">
        <p>%s</p>
        <a class="cta" href="%s/">%s</a>
        <p class="legal"><a href="/privacy?lang=%s">%s</a> · <a href="/terms?lang=%s">%s</a></p>
        </main>
        </body>
        </html>
        """.formatted(lang, Locales.RTL.contains(lang) ? "rtl" : "ltr", escape(title), escape(description), escape(url), escape(title), escape(description),
        escape(media(fb)), fb.getInteger("width"), fb.getInteger("height"), escape(alt), escape(title), escape(description), escape(media(x)), escape(alt),
        escape(title), escape(media(cover)), cover.getInteger("width"), cover.getInteger("height"), escape(alt), escape(description),
        escape(baseUrl), escape(campaign.text(lang, "title")), lang, escape(campaign.text(lang, "privacyTitle")), lang,
        escape(campaign.text(lang, "termsTitle")));
  }

  private String media(JsonObject image) {
    return baseUrl + MediaHandler.PATH + image.getString("key");
  }

  private static String fill(String template, String name, String team) {
    return template.replace("{name}", name).replace("{team}", team);
  }

  /** The fan erased their data: 410, so caches and link unfurlers drop the page (see the README's CDN purge hook). */
  private void gone(RoutingContext ctx) {
    ctx.response().setStatusCode(410).putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "public, max-age=300")
        .end("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Gone</title></head><body>"
            + "<h1>This artwork was removed by its owner.</h1><p><a href=\"" + escape(baseUrl) + "/\">" + escape(campaign.text("en", "title"))
            + "</a></p></body></html>");
  }

  /** "Hear this fan's voice": the fan's preview over the track, when there is one. */
  String voice(String lang, String previewUrl) {
    if (previewUrl == null) return "";
    String heading = hearVoice.getOrDefault(lang, hearVoice.get(Locales.FALLBACK));
    return "<section class=\"voice\"><h2 style=\"font-size:1.1rem;margin-top:1.5rem\">" + escape(heading) + "</h2>\n"
        + "<audio controls preload=\"none\" src=\"" + escape(previewUrl) + "\" aria-label=\"" + escape(heading) + "\"></audio></section>\n";
  }

  /** Anyone may report the name to the campaign team ({@code POST /api/report/{shareId}}, then back here). */
  private static String reportForm(String shareId, boolean reported) {
    return reported ? "<p class=\"reported\">Thank you: the campaign team will look at this name.</p>\n"
        : "<form method=\"post\" enctype=\"text/plain\" action=\"/api/report/" + escape(shareId) + "\"><button type=\"submit\" "
            + "style=\"margin-top:2rem;background:none;border:0;color:#94a3b8;text-decoration:underline;cursor:pointer\">"
            + "Report this name</button></form>\n";
  }

  /** A name the console rejected: the page is withdrawn for good. */
  private void withdrawn(RoutingContext ctx) {
    ctx.response().setStatusCode(410).putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
        .end("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Withdrawn</title></head><body>"
            + "<h1>This artwork has been withdrawn.</h1><p><a href=\"" + escape(baseUrl) + "/\">" + escape(campaign.text("en", "title"))
            + "</a></p></body></html>");
  }

  private void notFound(RoutingContext ctx) {
    ctx.response().setStatusCode(404).putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
        .end("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body>"
            + "<h1>This artwork does not exist (any more).</h1><p><a href=\"" + escape(baseUrl) + "/\">" + escape(campaign.text("en", "title"))
            + "</a></p></body></html>");
  }
}
