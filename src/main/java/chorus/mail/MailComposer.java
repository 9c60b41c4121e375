package chorus.mail;

import chorus.core.MailKind;
import static chorus.core.Html.escape;

import chorus.mail.Tokens.Purpose;
import io.vertx.ext.mail.MailMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Builds the mail for an outbox row in the fan's language: subject, a plain-text and an HTML part (right to
 * left for Arabic), the signed confirm link when the fan asked for the newsletter, their share page once it
 * exists, and the RFC 8058 one-click unsubscribe headers. The outbox's stable Message-ID is kept, so a
 * resend after a crash is the same message. The fan's name appears only in the bodies (escaped in HTML,
 * isolated with bdi), never in a header.
 */
public final class MailComposer {
  public static final String CONFIRM_PATH = "/mail/confirm";
  public static final String UNSUBSCRIBE_PATH = "/mail/unsubscribe";
  /** Conservative: no whitespace, controls or characters that could end or split an address header. */
  private static final Pattern ADDRESS = Pattern.compile("[^\\s\\p{Cntrl}<>()\\[\\],;:\"\\\\@]{1,64}@[^\\s\\p{Cntrl}<>()\\[\\],;:\"\\\\@]{1,190}");
  private static final Pattern MESSAGE_ID = Pattern.compile("<[!-;=?-~]{1,200}@[!-;=?-~]{1,100}>");

  private final String from;
  private final String baseUrl;
  private final Tokens tokens;
  private final String unsubscribeMailto;

  /** {@code unsubscribeMailto} may be null: then List-Unsubscribe carries only the HTTPS URL. */
  public MailComposer(String from, String baseUrl, Tokens tokens, String unsubscribeMailto) {
    this.from = from;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.tokens = tokens;
    this.unsubscribeMailto = unsubscribeMailto == null || unsubscribeMailto.isBlank() ? null : unsubscribeMailto.trim();
  }

  /** Throws {@link IllegalArgumentException} for a row that can never be sent (unknown kind, bad address). */
  public MailMessage compose(Outbox.Row row, Instant now) {
    if (MailKind.of(row.kind()) != MailKind.WELCOME) throw new IllegalArgumentException("no composer for mail kind " + row.kind());
    if (row.email() == null || !ADDRESS.matcher(row.email()).matches()) throw new IllegalArgumentException("unusable address");
    if (row.messageId() == null || !MESSAGE_ID.matcher(row.messageId()).matches()) throw new IllegalArgumentException("malformed Message-ID");
    String lang = MailTexts.lang(row.lang());
    String unsubscribe = unsubscribeUrl(row.email(), lang, now);
    String confirm = row.payload().getBoolean("newsletter", false) ? link(CONFIRM_PATH, Purpose.CONFIRM, row.email(), lang, now) : null;
    String share = row.shareId() == null ? null : baseUrl + "/s/" + URLEncoder.encode(row.shareId(), StandardCharsets.UTF_8);
    String name = MailTexts.safeName(row.payload().getString("name"));
    MailMessage m = new MailMessage()
        .setFrom(from)
        .setTo(row.email())
        .setSubject(MailTexts.get(lang, "subject"))
        .setText(text(lang, name, confirm, share, unsubscribe))
        .setHtml(html(lang, name, confirm, share, unsubscribe));
    m.addHeader("Message-ID", row.messageId());
    // SES may put its own Message-ID on the message: this copy keeps a resend recognisable either way
    m.addHeader("X-Chorus-Message-ID", row.messageId());
    m.addHeader("List-Unsubscribe", "<" + unsubscribe + ">" + (unsubscribeMailto == null ? "" : ", <mailto:" + unsubscribeMailto + "?subject=unsubscribe>"));
    m.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    m.addHeader("Content-Language", lang);
    m.addHeader("Auto-Submitted", "auto-generated");
    return m;
  }

  public String unsubscribeUrl(String email, String lang, Instant now) {
    return link(UNSUBSCRIBE_PATH, Purpose.UNSUBSCRIBE, email, lang, now);
  }

  public String confirmUrl(String email, String lang, Instant now) {
    return link(CONFIRM_PATH, Purpose.CONFIRM, email, lang, now);
  }

  private String link(String path, Purpose purpose, String email, String lang, Instant now) {
    return baseUrl + path + "?t=" + tokens.sign(purpose, email, now) + "&l=" + lang;
  }

  private static String greeting(String lang, String name) {
    return name.isEmpty() ? MailTexts.get(lang, "greetingNoName") : MailTexts.get(lang, "greeting").replace("{name}", name);
  }

  static String text(String lang, String name, String confirm, String share, String unsubscribe) {
    StringBuilder b = new StringBuilder();
    b.append(greeting(lang, name)).append("\n\n").append(MailTexts.get(lang, "intro")).append("\n\n");
    if (confirm != null) b.append(MailTexts.get(lang, "confirmIntro")).append('\n').append(confirm).append("\n\n");
    if (share != null) b.append(MailTexts.get(lang, "shareIntro")).append('\n').append(share).append("\n\n");
    b.append("-- \n").append(MailTexts.get(lang, "footer")).append('\n')
        .append(MailTexts.get(lang, "unsubscribe")).append(": ").append(unsubscribe).append('\n');
    return b.toString();
  }

  static String html(String lang, String name, String confirm, String share, String unsubscribe) {
    String dir = MailTexts.dir(lang);
    String greeting;
    if (name.isEmpty()) {
      greeting = escape(MailTexts.get(lang, "greetingNoName"));
    } else {
      String[] parts = MailTexts.get(lang, "greeting").split("\\{name}", -1);
      greeting = escape(parts[0]) + "<bdi>" + escape(name) + "</bdi>" + (parts.length > 1 ? escape(parts[1]) : "");
    }
    StringBuilder b = new StringBuilder(2048);
    b.append("<!DOCTYPE html>\n<html lang=\"").append(lang).append("\" dir=\"").append(dir).append("\">\n<head>\n")
        .append("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(escape(MailTexts.get(lang, "subject"))).append("</title>\n</head>\n")
        .append("<body dir=\"").append(dir).append("\" style=\"margin:0;padding:24px;background:#f6f5f2;")
        .append("font-family:-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans Arabic','Noto Sans CJK JP',sans-serif;")
        .append("color:#1d1d1f;text-align:").append(dir.equals("rtl") ? "right" : "left").append("\">\n")
        .append("<div style=\"max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px\">\n")
        .append("<p style=\"font-size:18px\">").append(greeting).append("</p>\n")
        .append("<p>").append(escape(MailTexts.get(lang, "intro"))).append("</p>\n");
    if (confirm != null) appendButton(b, MailTexts.get(lang, "confirmIntro"), confirm, MailTexts.get(lang, "confirmButton"));
    if (share != null) appendButton(b, MailTexts.get(lang, "shareIntro"), share, MailTexts.get(lang, "shareButton"));
    b.append("<hr style=\"border:0;border-top:1px solid #ddd;margin:24px 0\">\n")
        .append("<p style=\"font-size:12px;color:#666\">").append(escape(MailTexts.get(lang, "footer")))
        .append(" <a href=\"").append(escape(unsubscribe)).append("\" style=\"color:#666\">")
        .append(escape(MailTexts.get(lang, "unsubscribe"))).append("</a></p>\n</div>\n</body>\n</html>\n");
    return b.toString();
  }

  private static void appendButton(StringBuilder b, String intro, String url, String label) {
    b.append("<p>").append(escape(intro)).append("</p>\n<p><a href=\"").append(escape(url))
        .append("\" style=\"display:inline-block;padding:12px 20px;background:#3b2f8f;color:#ffffff;")
        .append("text-decoration:none;border-radius:6px\">").append(escape(label)).append("</a></p>\n");
  }
}
