package chorus.http;

import static chorus.core.Html.escape;

import chorus.campaign.Locales;
import chorus.core.LanguageTexts;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The error answer a person sees: routes people open in a browser (the site, share pages, mail links, the
 * console page) answer a request that prefers {@code text/html} with a small page in the reader's language
 * and a way forward, under the same status as the problem JSON would carry. Machine routes ({@code /api/*},
 * {@code /console/api/*}, health, uploads and signed downloads, media, SNS, metrics) always keep problem JSON. Texts come from
 * {@code pages/<lang>.json}; a missing one stops start-up.
 */
public final class ErrorPages {
  /** Path prefixes that are never pages: their errors stay problem JSON whatever {@code Accept} says. */
  private static final List<String> MACHINE = List.of("/api", "/console/api", "/health", "/upload", "/download", "/media", "/mail/sns",
      "/metrics");
  private static final String WAY = "chorus.errorPage.newLink";
  private static final Map<String, JsonObject> TEXTS = LanguageTexts.load("pages", Locales.LANGUAGES, Locales.FALLBACK);

  private ErrorPages() {}

  /**
   * Marks the request as one whose failure means a mail link did not work: the page then explains how to get a
   * new confirmation link (enter the address again on the campaign page).
   */
  public static void offerNewLink(RoutingContext ctx) {
    ctx.put(WAY, Boolean.TRUE);
  }

  /** Whether this request's failure is answered as a page: a browser route, and HTML preferred over JSON. */
  static boolean wanted(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path == null) return false;
    for (String prefix : MACHINE) {
      if (path.equals(prefix) || path.startsWith(prefix + "/")) return false;
    }
    float html = -1;
    float json = -1;
    for (MIMEHeader h : ctx.parsedHeaders().accept()) {
      String type = h.component() + "/" + h.subComponent();
      float q = h.weight();
      if (type.equalsIgnoreCase("text/html") || type.equalsIgnoreCase("application/xhtml+xml")) html = Math.max(html, q);
      if (type.equalsIgnoreCase("application/json") || type.equalsIgnoreCase("application/problem+json")) json = Math.max(json, q);
    }
    return html > 0 && html >= json;
  }

  /** The page's language: the link's {@code l} or the page's {@code lang} parameter, else {@code Accept-Language}. */
  static String lang(RoutingContext ctx) {
    for (String name : new String[] {"l", "lang"}) {
      String asked = param(ctx, name);
      if (asked != null && Locales.supported(asked)) return asked;
    }
    List<String> tags = new ArrayList<>();
    for (LanguageHeader l : ctx.acceptableLanguages()) {
      if (l.weight() > 0 && l.tag() != null) tags.add(l.tag());
    }
    return Locales.choose(tags, null).lang();
  }

  private static String param(RoutingContext ctx, String name) {
    try {
      return ctx.request().getParam(name);
    } catch (RuntimeException e) {
      return null; // a malformed query: no language from it, Accept-Language decides
    }
  }

  /** Writes the page for a problem (the caller has set nothing yet). */
  static void send(RoutingContext ctx, Problem problem) {
    String lang = lang(ctx);
    // a link that did not work (4xx); an outage behind a good link is "busy", not "ask for a new link"
    boolean newLink = Boolean.TRUE.equals(ctx.get(WAY)) && problem.status() < 500;
    String kind = newLink ? "link" : switch (problem.status()) {
      case 404, 410 -> "notFound";
      case 429, 503, 504 -> "busy";
      default -> "error";
    };
    String html = render(lang, problem.status(), kind, newLink);
    var response = ctx.response().setStatusCode(problem.status())
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Vary", "Accept, Accept-Language")
        .putHeader("X-Robots-Tag", "noindex")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    if (problem.retryAfter() >= 0) response.putHeader("Retry-After", String.valueOf(problem.retryAfter()));
    response.end(html);
  }

  /** The page itself: what went wrong, in words, and the ways forward. */
  static String render(String lang, int status, String kind, boolean newLink) {
    String home = "/?lang=" + lang;
    StringBuilder body = new StringBuilder(512);
    body.append("<p class=\"code\">").append(status).append("</p>\n<h1>").append(escape(text(lang, kind + "Title"))).append("</h1>\n<p>")
        .append(escape(text(lang, kind + "Text"))).append("</p>\n");
    if (newLink) {
      body.append("<p>").append(escape(text(lang, "newLinkText"))).append("</p>\n<p><a class=\"button\" href=\"").append(home)
          .append("#join\">").append(escape(text(lang, "newLinkButton"))).append("</a></p>\n");
    }
    body.append("<p><a href=\"").append(home).append("\">").append(escape(text(lang, "campaign"))).append("</a></p>\n");
    return "<!DOCTYPE html>\n<html lang=\"" + lang + "\" dir=\"" + (Locales.RTL.contains(lang) ? "rtl" : "ltr") + "\">\n<head>\n"
        + "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"robots\" content=\"noindex\">\n<title>" + escape(text(lang, kind + "Title")) + "</title>\n"
        + "<style>body{margin:0;padding:10vh 24px;background:#f6f5f2;color:#1d1d1f;font:17px/1.5 system-ui,-apple-system,'Segoe UI',"
        + "Roboto,'Noto Sans',sans-serif}main{max-width:480px;margin:0 auto;background:#fff;padding:32px;border-radius:8px}"
        + ".code{margin:0;color:#6b7280;font-size:14px}a{color:#3b2f8f}a.button{display:inline-block;padding:12px 20px;border-radius:6px;"
        + "background:#3b2f8f;color:#fff;text-decoration:none}</style>\n</head>\n<body>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
  }

  /** One page text in a language (English for an unknown one). */
  public static String text(String lang, String key) {
    return TEXTS.get(Locales.supported(lang) ? lang : Locales.FALLBACK).getString(key);
  }
}
