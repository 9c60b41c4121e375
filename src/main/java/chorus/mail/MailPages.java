package chorus.mail;

import static chorus.core.Html.escape;

import io.vertx.ext.web.RoutingContext;

/**
 * The small HTML pages behind mail links, in the fan's language (right to left for Arabic): a question
 * with one button (the button POSTs, so link scanners that prefetch GET URLs change nothing) and the
 * answer after the click. Nothing from the request reaches the page unescaped.
 */
final class MailPages {
  private MailPages() {}

  static void question(RoutingContext ctx, String lang, String title, String question, String button, String action, boolean oneClick) {
    String form = "<form method=\"post\" action=\"" + escape(action) + "\">"
        + (oneClick ? "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">" : "")
        + "<button type=\"submit\">" + escape(button) + "</button></form>";
    send(ctx, lang, title, "<p>" + escape(question) + "</p>" + form);
  }

  static void answer(RoutingContext ctx, String lang, String title, String text) {
    send(ctx, lang, title, "<p>" + escape(text) + "</p>");
  }

  private static void send(RoutingContext ctx, String lang, String title, String body) {
    String dir = MailTexts.dir(lang);
    String html = "<!DOCTYPE html>\n<html lang=\"" + lang + "\" dir=\"" + dir + "\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n"
        + "<title>" + escape(title) + "</title>\n<style>body{margin:0;padding:10vh 24px;background:#f6f5f2;color:#1d1d1f;"
        + "font-family:-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif}main{max-width:480px;margin:0 auto;background:#fff;"
        + "padding:32px;border-radius:8px}button{font:inherit;padding:12px 20px;border:0;border-radius:6px;background:#3b2f8f;"
        + "color:#fff;cursor:pointer}</style>\n</head>\n<body>\n<main>\n<h1>" + escape(title) + "</h1>\n" + body + "\n</main>\n</body>\n</html>\n";
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Robots-Tag", "noindex")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        .end(html);
  }
}
