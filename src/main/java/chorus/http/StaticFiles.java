package chorus.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The website from {@code webroot/}. Pages are revalidated on every visit ({@code no-cache}); assets whose
 * names carry a content hash ({@code app.3f9a1c2e.js}) are immutable for a year; anything else is cached
 * for an hour. In local mode nothing is cached, so edits show on reload without a restart.
 */
public final class StaticFiles {
  private static final Pattern FINGERPRINTED = Pattern.compile(".*\\.[0-9a-f]{8,}\\.[a-z0-9]+$");

  private StaticFiles() {}

  /**
   * The page's Content-Security-Policy: everything from this site only, except that uploads may also go to
   * the object store's origin (presigned S3 PUTs go straight to the bucket).
   */
  public static String contentSecurityPolicy(String uploadOrigin) {
    // media from the bucket too: the "hear yourself" preview plays from a signed storage URL
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:"
        + (uploadOrigin == null ? "" : " " + uploadOrigin) + "; connect-src 'self'" + (uploadOrigin == null ? "" : " " + uploadOrigin)
        + "; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  }

  /** Where browsers upload recordings when S3 is configured (the bucket's origin), else null (this site). */
  public static String uploadOrigin(chorus.core.Config config) {
    if (!config.has("s3.bucket")) return null;
    if (config.has("s3.endpoint")) {
      java.net.URI e = java.net.URI.create(config.string("s3.endpoint"));
      String host = config.flag("s3.pathStyle") ? e.getHost() : config.string("s3.bucket") + "." + e.getHost();
      return e.getScheme() + "://" + host + (e.getPort() > 0 ? ":" + e.getPort() : "");
    }
    return "https://" + config.string("s3.bucket") + ".s3." + config.string("s3.region") + ".amazonaws.com";
  }

  /**
   * In production the website's small files are answered from memory ({@link WebrootCache}: the variant the
   * client accepts, Brotli, gzip or none, with a strong ETag and 304 on a match) once the process has read
   * them; until then, for ranges and for larger files, from disk.
   */
  public static Handler<RoutingContext> handler(Vertx vertx, String webroot, boolean local, String csp) {
    Path root = Path.of(webroot).toAbsolutePath();
    StaticHandler files = StaticHandler.create(FileSystemAccess.ROOT, root.toString())
        .setCachingEnabled(!local)
        .setFilesReadOnly(!local)
        .setMaxAgeSeconds(3600)
        .setIndexPage("index.html")
        // already compressed: sent as they are, not gzipped again by the server on every request
        .skipCompressionForSuffixes(Set.of("mp3", "m4a", "mp4", "webm", "ogg", "opus", "jpg", "jpeg", "png", "gif", "webp", "avif", "woff", "woff2", "zip"));
    Future<WebrootCache> cache = local ? null : WebrootCache.of(vertx, root);
    return ctx -> {
      String path = ctx.normalizedPath();
      WebrootCache held = cache != null && cache.succeeded() ? cache.result() : null;
      WebrootCache.Entry entry = held == null || ctx.request().headers().contains("Range") ? null : held.get(path);
      if (entry != null) {
        answer(ctx, path, entry, csp);
        return;
      }
      ctx.addHeadersEndHandler(v -> {
        if (ctx.response().getStatusCode() >= 300) return;
        ctx.response().putHeader("Cache-Control", cacheControl(path, local));
        if (isPage(path)) ctx.response().putHeader("Content-Security-Policy", csp);
      });
      files.handle(ctx);
    };
  }

  private static boolean isPage(String path) {
    return path.endsWith("/") || path.endsWith(".html");
  }

  private static void answer(RoutingContext ctx, String path, WebrootCache.Entry e, String csp) {
    WebrootCache.Variant v = variant(e, ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
    HttpServerResponse r = ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, e.contentType)
        .putHeader(HttpHeaders.ETAG, v.etag())
        .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl(path, false))
        // a variant chosen here is final: the server's own compressor leaves a response with an encoding alone
        .putHeader(HttpHeaders.CONTENT_ENCODING, v == e.identity ? "identity" : v == e.gzip ? "gzip" : "br");
    if (e.gzip != null || e.brotli != null) r.putHeader(HttpHeaders.VARY, "Accept-Encoding");
    if (isPage(path)) r.putHeader("Content-Security-Policy", csp);
    if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), v.etag())) {
      r.setStatusCode(304).end();
    } else if (ctx.request().method() == HttpMethod.HEAD) {
      r.end();
    } else {
      r.end(v.body());
    }
  }

  /** Brotli if the client takes it, else gzip, else the file as it is ({@code q=0} refuses a coding). */
  static WebrootCache.Variant variant(WebrootCache.Entry e, String acceptEncoding) {
    if (acceptEncoding == null || (e.gzip == null && e.brotli == null)) return e.identity;
    WebrootCache.Variant br = e.brotli;
    if (br != null && accepts(acceptEncoding, "br")) return br;
    if (e.gzip != null && accepts(acceptEncoding, "gzip")) return e.gzip;
    return e.identity;
  }

  /** Whether an {@code Accept-Encoding} value takes a coding: named (or {@code *}) without {@code q=0}. */
  public static boolean accepts(String acceptEncoding, String coding) {
    for (String part : acceptEncoding.split(",")) {
      String[] fields = part.split(";");
      String name = fields[0].trim();
      if (!name.equalsIgnoreCase(coding) && !name.equals("*")) continue;
      for (int i = 1; i < fields.length; i++) {
        String param = fields[i].trim();
        if (param.startsWith("q=")) return weight(param.substring(2)) > 0;
      }
      return true;
    }
    return false;
  }

  /** A q-value ({@code 0}, {@code 0.5}, {@code 1.000}); one that is no number counts as 0, a coding not to use. */
  private static double weight(String q) {
    if (q.isEmpty() || q.length() > 5) return 0;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if ((c < '0' || c > '9') && c != '.') return 0;
    }
    return q.chars().filter(c -> c == '.').count() > 1 || q.startsWith(".") ? 0 : Double.parseDouble(q);
  }

  /** Whether an {@code If-None-Match} value names this ETag (weak or strong) or is {@code *}. */
  public static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) return false;
    for (String part : ifNoneMatch.split(",")) {
      String t = part.trim();
      if (t.startsWith("W/")) t = t.substring(2);
      if (t.equals(etag) || t.equals("*")) return true;
    }
    return false;
  }

  /** The gzip (level 9) form of a page or asset, made once. */
  public static byte[] gzip(byte[] raw) {
    return WebrootCache.gzip(raw);
  }

  static String cacheControl(String path, boolean local) {
    if (local) return "no-cache";
    if (path.endsWith("/") || path.endsWith(".html")) return "no-cache";
    if (FINGERPRINTED.matcher(path).matches() || path.startsWith("/campaign/")) {
      return path.startsWith("/campaign/") ? "public, max-age=86400" : "public, max-age=31536000, immutable";
    }
    return "public, max-age=3600";
  }
}
