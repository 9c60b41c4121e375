package chorus.mail;

import static chorus.core.Html.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One mail's body, written once and rendered twice: as HTML that mail clients draw alike (nested tables,
 * inline styles, a colour-scheme declaration and dark-mode overrides for the clients that read them, no
 * external CSS or scripts) and as the plain-text part saying the same. Texts are templates from
 * {@code mail/<lang>.json} whose {@code {placeholders}} are filled with values escaped and isolated
 * ({@code <bdi>}) in HTML, so a Latin song title sits right inside Arabic text. Right to left for Arabic.
 */
final class Letter {
  /** Header band and button colours; {@code ink} is the text drawn on {@code band}. */
  record Brand(String band, String ink) {
    static final Brand NEUTRAL = new Brand("#1f2937", "#ffffff");

    /** A band of the given colour with whichever of near-white and near-black reads better on it. */
    static Brand of(String colour) {
      if (colour == null || !colour.matches("#[0-9a-fA-F]{6}")) return NEUTRAL;
      double l = luminance(colour);
      // WCAG contrast against #ffffff (L=1) and #111111 (L≈0.0056)
      double onWhite = 1.05 / (l + 0.05);
      double onBlack = (l + 0.05) / 0.0556;
      return new Brand(colour.toLowerCase(), onWhite >= onBlack ? "#ffffff" : "#111111");
    }

    static double luminance(String hex) {
      double[] c = new double[3];
      for (int i = 0; i < 3; i++) {
        double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
        c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
      }
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
  }

  private static final String FONT = "-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans Arabic','Noto Sans CJK JP',Arial,sans-serif";

  private final String lang;
  private final String dir;
  private final Brand brand;
  private final List<String> html = new ArrayList<>();
  private final StringBuilder text = new StringBuilder(1024);
  private String footerHtml = "";
  private String footerText = "";

  Letter(String lang, Brand brand) {
    this.lang = MailTexts.lang(lang);
    this.dir = MailTexts.dir(lang);
    this.brand = brand;
  }

  /** A text template filled as HTML: the template escaped, each value escaped inside {@code <bdi>}. */
  static String fillHtml(String template, Map<String, String> values) {
    StringBuilder b = new StringBuilder(template.length() + 64);
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      int close = open < 0 ? -1 : template.indexOf('}', open);
      String key = close < 0 ? null : template.substring(open + 1, close);
      if (key == null || !values.containsKey(key)) {
        int end = open < 0 ? template.length() : open + 1;
        b.append(escape(template.substring(i, end)));
        i = end;
        continue;
      }
      b.append(escape(template.substring(i, open))).append("<bdi>").append(escape(values.get(key))).append("</bdi>");
      i = close + 1;
    }
    return b.toString();
  }

  /** The same template filled as plain text. */
  static String fillText(String template, Map<String, String> values) {
    String s = template;
    for (var e : values.entrySet()) s = s.replace("{" + e.getKey() + "}", e.getValue());
    return s;
  }

  Letter heading(String template, Map<String, String> values) {
    html.add("<h1 style=\"margin:0 0 16px;font-size:22px;line-height:1.3;font-weight:700\">" + fillHtml(template, values) + "</h1>");
    text.append(fillText(template, values)).append("\n\n");
    return this;
  }

  Letter paragraph(String template, Map<String, String> values) {
    html.add("<p style=\"margin:0 0 16px;font-size:16px;line-height:1.5\">" + fillHtml(template, values) + "</p>");
    text.append(fillText(template, values)).append("\n\n");
    return this;
  }

  /** A hosted image, as wide as the column at most, with its alt text (also written into the text part). */
  Letter image(String url, int width, int height, String alt) {
    int w = 512;
    int h = width > 0 && height > 0 ? Math.round((float) w * height / width) : w;
    html.add("<p style=\"margin:0 0 16px\"><img src=\"" + escape(url) + "\" width=\"" + w + "\" height=\"" + h + "\" alt=\"" + escape(alt)
        + "\" style=\"display:block;width:100%;max-width:" + w + "px;height:auto;border:0;border-radius:6px\"></p>");
    text.append('[').append(alt).append("]\n\n");
    return this;
  }

  /** A button: a table cell in the brand's colour around a link (drawn the same in Outlook and webmail). */
  Letter button(String intro, String label, String url) {
    StringBuilder b = new StringBuilder(512);
    if (intro != null) b.append("<p style=\"margin:0 0 8px;font-size:16px;line-height:1.5\">").append(escape(intro)).append("</p>");
    b.append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:0 0 20px\"><tr>")
        .append("<td style=\"background:").append(brand.band()).append(";border-radius:6px\">")
        .append("<a href=\"").append(escape(url)).append("\" style=\"display:inline-block;padding:12px 22px;font-size:16px;")
        .append("font-weight:600;line-height:1.2;color:").append(brand.ink()).append(";text-decoration:none;border-radius:6px\">")
        .append(escape(label)).append("</a></td></tr></table>");
    html.add(b.toString());
    if (intro != null) text.append(intro).append('\n');
    text.append(label).append(":\n").append(url).append("\n\n");
    return this;
  }

  /** The link written out for clients that drop buttons; broken anywhere so it never widens the column. */
  Letter linkOut(String intro, String url) {
    html.add("<p class=\"c-muted\" style=\"margin:0 0 16px;font-size:13px;line-height:1.5;color:#52525b\">" + escape(intro)
        + "<br><a class=\"c-link\" href=\"" + escape(url) + "\" style=\"color:#1d4ed8;word-break:break-all\">" + escape(url) + "</a></p>");
    return this;
  }

  Letter note(String template, Map<String, String> values) {
    html.add("<p class=\"c-muted\" style=\"margin:0 0 8px;font-size:14px;line-height:1.5;color:#52525b\">" + fillHtml(template, values) + "</p>");
    text.append(fillText(template, values)).append("\n\n");
    return this;
  }

  /** Why the mail came, the privacy notice, the contest terms and the unsubscribe link: in every mail. */
  Letter footer(String why, Link privacy, Link terms, Link unsubscribe) {
    footerHtml = escape(why) + "<br>" + footerLink(privacy) + " &middot; " + footerLink(terms) + " &middot; " + footerLink(unsubscribe);
    footerText = "-- \n" + why + "\n" + privacy.label() + ": " + privacy.url() + "\n" + terms.label() + ": " + terms.url() + "\n"
        + unsubscribe.label() + ": " + unsubscribe.url() + "\n";
    return this;
  }

  /** A footer link: what it says and where it goes. */
  record Link(String label, String url) {}

  private static String footerLink(Link l) {
    return "<a class=\"c-link\" href=\"" + escape(l.url()) + "\" style=\"color:#52525b\">" + escape(l.label()) + "</a>";
  }

  String text() {
    return text + footerText;
  }

  /** The HTML part; {@code kicker} and {@code title} fill the brand's band (artist, song). */
  String html(String subject, String kicker, String title) {
    String align = dir.equals("rtl") ? "right" : "left";
    StringBuilder b = new StringBuilder(8192);
    b.append("<!DOCTYPE html>\n<html lang=\"").append(lang).append("\" dir=\"").append(dir).append("\">\n<head>\n")
        .append("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"color-scheme\" content=\"light dark\">\n<meta name=\"supported-color-schemes\" content=\"light dark\">\n")
        .append("<title>").append(escape(subject)).append("</title>\n")
        // clients that honour it (Apple Mail, iOS, Outlook.com) switch to these; the others invert or keep light
        // (the meta tags above carry Apple Mail's older supported-color-schemes: as CSS it is no property, and fails the checker)
        .append("<style>:root{color-scheme:light dark}")
        .append("@media (prefers-color-scheme: dark){.c-page{background:#111214 !important}.c-card{background:#1d1f23 !important;")
        .append("color:#ececee !important}.c-muted{color:#b4b4bb !important}.c-link{color:#9cc3ff !important}}</style>\n")
        .append("</head>\n<body class=\"c-page\" dir=\"").append(dir).append("\" style=\"margin:0;padding:0;background:#f4f4f5;")
        .append("-webkit-text-size-adjust:100%\">\n")
        .append("<table role=\"presentation\" class=\"c-page\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" dir=\"")
        .append(dir).append("\" style=\"background:#f4f4f5;font-family:").append(FONT).append("\">\n<tr><td align=\"center\" style=\"padding:24px 12px\">\n")
        .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"max-width:560px;width:100%\">\n")
        .append("<tr><td style=\"background:").append(brand.band()).append(";color:").append(brand.ink())
        .append(";padding:20px 24px;border-radius:8px 8px 0 0;overflow-wrap:anywhere;word-break:break-word;text-align:").append(align).append("\">")
        .append("<div style=\"font-size:14px;line-height:1.4;opacity:.9\">").append(escape(kicker)).append("</div>")
        .append("<div style=\"font-size:24px;line-height:1.3;font-weight:700\">").append(escape(title)).append("</div></td></tr>\n")
        // a long word (a name, a URL) wraps instead of widening the column: tables size to their content otherwise
        .append("<tr><td class=\"c-card\" style=\"background:#ffffff;color:#1d1d1f;padding:24px;border-radius:0 0 8px 8px;")
        .append("word-wrap:break-word;overflow-wrap:anywhere;word-break:break-word;text-align:")
        .append(align).append("\">\n");
    for (String block : html) b.append(block).append('\n');
    b.append("</td></tr>\n<tr><td class=\"c-muted\" style=\"padding:16px 24px;font-size:12px;line-height:1.5;color:#52525b;")
        .append("overflow-wrap:anywhere;word-break:break-word;text-align:")
        .append(align).append("\">").append(footerHtml).append("</td></tr>\n</table>\n</td></tr>\n</table>\n</body>\n</html>\n");
    return b.toString();
  }
}
