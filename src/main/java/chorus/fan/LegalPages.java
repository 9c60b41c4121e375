package chorus.fan;

import static chorus.core.Html.escape;

import chorus.campaign.Campaign;
import chorus.campaign.Locales;
import chorus.db.RetentionPolicy;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * {@code GET /privacy?lang=xx} and {@code GET /terms?lang=xx}: the privacy notice and the contest terms from the
 * campaign file, as small pages in the language the query names (else the {@code Accept-Language} choice). The
 * notice names the controller and contact from the file and the end date and retention period the admin set in
 * the console (until then the contest's end and the file's suggested period).
 */
final class LegalPages {
  private final Pool pool;
  private final Campaign campaign;
  private final String countryHeader;

  LegalPages(Pool pool, Campaign campaign, String countryHeader) {
    this.pool = pool;
    this.campaign = campaign;
    this.countryHeader = countryHeader;
  }

  void privacy(RoutingContext ctx) {
    String lang = lang(ctx);
    RetentionPolicy.load(pool).onSuccess(set -> {
      RetentionPolicy p = set != null ? set
          : new RetentionPolicy(LocalDate.ofInstant(campaign.contestEndsAt(), ZoneOffset.UTC), campaign.privacy().retentionDays());
      StringBuilder body = new StringBuilder();
      for (String paragraph : campaign.privacyNotice(lang)) {
        String filled = paragraph.replace("{controller}", campaign.privacy().controller())
            .replace("{endDate}", p.endDate().toString()).replace("{retentionDays}", String.valueOf(p.retentionDays()))
            .replace("{deleteBy}", LocalDate.ofInstant(p.dueAt(), ZoneOffset.UTC).toString());
        // the contact becomes a mailto link; everything else is text
        String[] parts = filled.split("\\{contact\\}", -1);
        body.append("<p>");
        for (int i = 0; i < parts.length; i++) {
          if (i > 0) {
            String mail = escape(campaign.privacy().contact());
            body.append("<a href=\"mailto:").append(mail).append("\">").append(mail).append("</a>");
          }
          body.append(escape(parts[i]));
        }
        body.append("</p>\n");
      }
      page(ctx, lang, campaign.text(lang, "privacyTitle"), body + "<p><a href=\"/terms?lang=" + lang + "\">"
          + escape(campaign.text(lang, "termsTitle")) + "</a></p>\n");
    }).onFailure(ctx::fail);
  }

  void terms(RoutingContext ctx) {
    String lang = lang(ctx);
    page(ctx, lang, campaign.text(lang, "termsTitle"), "<p>" + escape(campaign.text(lang, "contestTerms")) + "</p>\n"
        + "<p><small>" + escape(campaign.termsVersion()) + "</small></p>\n"
        + "<p><a href=\"/privacy?lang=" + lang + "\">" + escape(campaign.text(lang, "privacyTitle")) + "</a></p>\n");
  }

  private String lang(RoutingContext ctx) {
    String asked = ctx.request().getParam("lang");
    return asked != null && Locales.supported(asked) ? asked : Negotiation.choice(ctx, countryHeader).lang();
  }

  private void page(RoutingContext ctx, String lang, String title, String body) {
    String html = """
        <!doctype html>
        <html lang="%s" dir="%s">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s</title>
        <style>body{margin:0;font:17px/1.55 system-ui,sans-serif;background:#0b1020;color:#f1f5f9}
        main{max-width:42rem;margin:auto;padding:1.5rem}a{color:#fbbf24}</style>
        </head>
        <body>
        <main>
        <h1>%s</h1>
        %s<p><a href="/">%s</a></p>
        </main>
        </body>
        </html>
        """.formatted(lang, Locales.RTL.contains(lang) ? "rtl" : "ltr", escape(title), escape(title), body, escape(campaign.text(lang, "title")));
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "public, max-age=300")
        .putHeader("Vary", "Accept-Language")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        .putHeader("X-Frame-Options", "DENY")
        .end(html);
  }
}
