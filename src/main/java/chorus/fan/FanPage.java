package chorus.fan;

import chorus.http.StaticFiles;
import static chorus.core.Html.escape;

import chorus.campaign.Campaign;
import chorus.campaign.Locales;
import chorus.campaign.Names;
import chorus.core.Hashes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /} (and {@code /index.html}): the fan page with the campaign already in it, in the language the query
 * names ({@code ?lang=xx}), else the {@code Accept-Language} choice. {@code webroot/index.html} is filled once per
 * language when the process starts — title, meta description, artist, tagline, key art, lyrics and every
 * {@code data-i18n} text — so nothing moves when the scripts load the same texts, and the key art is found by the
 * browser's first look at the HTML. The stylesheet is put in the page too, allowed by its hash in the page's
 * Content-Security-Policy, so the first paint waits for no second request. Each language's page has its own ETag (304 on a match); the page is
 * revalidated on every visit like any page. In local mode it is filled again per request, so edits show on reload.
 */
final class FanPage {
  private static final Pattern I18N_TEXT = Pattern.compile("(<(\\w+)\\b[^>]*\\sdata-i18n=\"(\\w+)\"[^>]*>)[^<]*(</\\2>)");
  private static final Pattern I18N_ATTR = Pattern.compile("<\\w+\\b[^>]*\\sdata-i18n-attr=\"([^\"]+)\"[^>]*>");

  private static final Pattern STYLESHEET = Pattern.compile("<link rel=\"stylesheet\" href=\"/(assets/app\\.[0-9a-f]+\\.css)\">");
  private static final Pattern REC_TIME = Pattern.compile("(<span id=\"rec-time\"[^>]*>)[^<]*</span>");
  private static final Pattern LYRICS = Pattern.compile("(<ol id=\"lyrics\"[^>]*)></ol>");

  /**
   * One language's page: its bytes and their gzip form (made once, so no request compresses it), the ETag of each, and
   * the policy that lets exactly its inlined stylesheet apply.
   */
  record Page(Buffer html, String etag, Buffer gzip, String gzipEtag, String csp) {}

  private final Campaign campaign;
  private final Path webroot;
  private final String countryHeader;
  private final String csp;
  private final boolean local;
  private final String previewBackground;
  private final Map<String, Page> pages = new LinkedHashMap<>();

  /** @param previewBackground where the live preview's background is served ({@link CoverPreview}), or null */
  FanPage(Campaign campaign, Path webroot, String countryHeader, String csp, boolean local, String previewBackground) {
    this.campaign = campaign;
    this.webroot = webroot;
    this.countryHeader = countryHeader;
    this.csp = csp;
    this.local = local;
    this.previewBackground = previewBackground;
    if (!local) {
      for (String lang : Locales.LANGUAGES) pages.put(lang, build(lang));
    }
  }

  void handle(RoutingContext ctx) {
    String asked = ctx.request().getParam("lang");
    boolean named = Locales.supported(asked);
    String lang = named ? asked : Negotiation.choice(ctx, countryHeader).lang();
    if (local) {
      ctx.vertx().executeBlocking(() -> build(lang)).onSuccess(p -> send(ctx, p, lang, named)).onFailure(ctx::fail);
    } else {
      send(ctx, pages.get(lang), lang, named);
    }
  }

  private void send(RoutingContext ctx, Page page, String lang, boolean named) {
    String acceptEncoding = ctx.request().getHeader("Accept-Encoding");
    boolean gzip = acceptEncoding != null && StaticFiles.accepts(acceptEncoding, "gzip");
    String etag = gzip ? page.gzipEtag() : page.etag();
    var response = ctx.response()
        .putHeader("ETag", etag)
        .putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Language", lang)
        .putHeader("Content-Security-Policy", page.csp())
        // the coding is chosen here: the server's own compressor leaves a response with an encoding alone
        .putHeader("Content-Encoding", gzip ? "gzip" : "identity")
        .putHeader("Vary", named ? "Accept-Encoding" : "Accept-Encoding, Accept-Language, " + countryHeader);
    if (StaticFiles.matches(ctx.request().getHeader("If-None-Match"), etag)) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader("Content-Type", "text/html; charset=utf-8").end(gzip ? page.gzip() : page.html());
  }

  private Page build(String lang) {
    JsonObject texts;
    String template;
    try {
      template = Files.readString(webroot.resolve("index.html"), StandardCharsets.UTF_8);
      texts = new JsonObject(Files.readString(webroot.resolve("i18n").resolve(lang + ".json"), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("the fan page or its texts are missing under " + webroot, e);
    }
    String filled = render(template, texts, campaign, lang);
    if (previewBackground != null) {
      filled = replaceOnce(filled, "<canvas id=\"preview-canvas\" ", "<canvas id=\"preview-canvas\" data-background=\"" + previewBackground + "\" ");
    }
    // the stylesheet in the page itself: the first paint waits for no second request (Lighthouse's render-blocking
    // CSS); the policy allows this exact text by its hash, still no 'unsafe-inline'
    Matcher link = STYLESHEET.matcher(filled);
    if (!link.find()) throw new IllegalStateException("webroot/index.html links no /assets/app.<hash>.css");
    String css;
    try {
      css = Files.readString(webroot.resolve(link.group(1)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("the page's stylesheet is missing: " + link.group(1), e);
    }
    if (css.contains("</")) throw new IllegalStateException(link.group(1) + " cannot be put in a <style> element");
    filled = filled.substring(0, link.start()) + "<style>" + css + "</style>" + filled.substring(link.end());
    String styleHash = "'sha256-" + Base64.getEncoder().encodeToString(Hashes.sha256(css)) + "'";
    byte[] html = filled.getBytes(StandardCharsets.UTF_8);
    String etag = "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Hashes.sha256(html)).substring(0, 22) + "\"";
    return new Page(Buffer.buffer(html), etag, Buffer.buffer(StaticFiles.gzip(html)), etag.substring(0, etag.length() - 1) + ".gz\"",
        replaceOnce(csp, "style-src 'self'", "style-src 'self' " + styleHash));
  }

  /** The page's HTML in one language: the template with the campaign's and the page's texts put in. */
  static String render(String template, JsonObject texts, Campaign campaign, String lang) {
    JsonObject c = campaign.localized(lang);
    JsonObject words = c.getJsonObject("texts");
    String html = replaceOnce(template, "<html lang=\"en\" dir=\"ltr\">",
        "<html lang=\"" + lang + "\" dir=\"" + c.getString("dir") + "\">");
    html = replaceOnce(html, "<title>Chorus</title>", "<title>" + escape(words.getString("title")) + "</title>\n"
        + "  <meta name=\"description\" content=\"" + escape(words.getString("tagline")) + "\">");
    html = replaceOnce(html, "<p class=\"brand\" id=\"artist\">Chorus</p>",
        "<p class=\"brand\" id=\"artist\">" + escape(c.getJsonObject("artist").getString("name")) + "</p>");
    html = replaceOnce(html, "<h1 id=\"title\">Chorus</h1>", "<h1 id=\"title\">" + escape(words.getString("title")) + "</h1>");
    html = replaceOnce(html, "<p id=\"tagline\" class=\"tagline\"></p>",
        "<p id=\"tagline\" class=\"tagline\">" + escape(words.getString("tagline")) + "</p>");
    html = replaceOnce(html, "<figure id=\"key-art\" class=\"key-art\" hidden></figure>", keyArt(c.getJsonObject("keyArt")));
    html = replaceOnce(html, "<option value=\"" + lang + "\" ", "<option value=\"" + lang + "\" selected ");
    html = replaceOnce(html, "<p id=\"name-hint\" class=\"field-hint\"></p>", "<p id=\"name-hint\" class=\"field-hint\">"
        + escape(texts.getString("nameHint").replace("{max}", String.valueOf(Names.MAX_CHARACTERS))) + "</p>");
    // the recorder's clock as the script writes it ("0:00 / 1:15"): its width is taken before the script runs
    int max = c.getJsonObject("recording").getInteger("maxSeconds");
    Matcher clock = REC_TIME.matcher(html);
    if (clock.find()) {
      html = html.substring(0, clock.start()) + clock.group(1) + "0:00 / " + max / 60 + ":" + String.format("%02d", max % 60) + "</span>"
          + html.substring(clock.end());
    }
    StringBuilder lyrics = new StringBuilder();
    c.getJsonArray("lyrics").forEach(l -> lyrics.append("<li dir=\"auto\">").append(escape(((JsonObject) l).getString("text"))).append("</li>"));
    String song = c.getJsonObject("song").getString("language");
    Matcher ol = LYRICS.matcher(html);
    if (!ol.find()) throw new IllegalStateException("webroot/index.html has no empty <ol id=\"lyrics\">");
    html = html.substring(0, ol.start()) + ol.group(1) + (song == null ? "" : " lang=\"" + song + "\"") + ">" + lyrics + "</ol>"
        + html.substring(ol.end());
    return attributes(texts(html, texts), texts);
  }

  /** The key art's markup, its shape reserved by width and height; an empty hidden figure when there is none. */
  static String keyArt(JsonObject k) {
    if (k == null) return "<figure id=\"key-art\" class=\"key-art\" hidden></figure>";
    String size = " width=\"" + k.getInteger("width") + "\" height=\"" + k.getInteger("height") + "\"";
    String alt = escape(k.getString("alt"));
    String media = k.getString("video") != null
        ? "<video id=\"key-art-media\" controls muted loop playsinline preload=\"none\" poster=\"" + escape(k.getString("poster")) + "\""
            + size + " aria-label=\"" + alt + "\"><source src=\"" + escape(k.getString("video")) + "\" type=\""
            + escape(k.getString("type")) + "\"></video>"
        : "<img id=\"key-art-media\" src=\"" + escape(k.getString("image")) + "\" alt=\"" + alt + "\"" + size
            + " fetchpriority=\"high\" decoding=\"async\">";
    return "<figure id=\"key-art\" class=\"key-art\">" + media + "</figure>";
  }

  /** Every {@code data-i18n} element's text in the language. */
  private static String texts(String html, JsonObject texts) {
    Matcher m = I18N_TEXT.matcher(html);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + escape(text(texts, m.group(3))) + m.group(4)));
    }
    return m.appendTail(out).toString();
  }

  /** Every {@code data-i18n-attr="attr:key;..."} attribute in the language, added before the tag closes. */
  private static String attributes(String html, JsonObject texts) {
    Matcher m = I18N_ATTR.matcher(html);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String tag = m.group();
      StringBuilder extra = new StringBuilder();
      for (String pair : m.group(1).split(";")) {
        String[] kv = pair.split(":", 2);
        if (tag.contains(" " + kv[0] + "=\"")) throw new IllegalStateException("index.html sets " + kv[0] + " and translates it: " + tag);
        extra.append(' ').append(kv[0]).append("=\"").append(escape(text(texts, kv[1]))).append('"');
      }
      m.appendReplacement(out, Matcher.quoteReplacement(tag.substring(0, tag.length() - 1) + extra + ">"));
    }
    return m.appendTail(out).toString();
  }

  private static String text(JsonObject texts, String key) {
    String s = texts.getString(key);
    if (s == null) throw new IllegalStateException("the page's texts have no '" + key + "'");
    return s;
  }

  private static String replaceOnce(String html, String what, String with) {
    int at = html.indexOf(what);
    if (at < 0) throw new IllegalStateException("webroot/index.html has no " + what);
    return html.substring(0, at) + with + html.substring(at + what.length());
  }
}
