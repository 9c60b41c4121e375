package chorus.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
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

  public static Handler<RoutingContext> handler(String webroot, boolean local, String csp) {
    StaticHandler files = StaticHandler.create(FileSystemAccess.ROOT, Path.of(webroot).toAbsolutePath().toString())
        .setCachingEnabled(!local)
        .setFilesReadOnly(!local)
        .setMaxAgeSeconds(3600)
        .setIndexPage("index.html");
    return ctx -> {
      String path = ctx.normalizedPath();
      ctx.addHeadersEndHandler(v -> {
        if (ctx.response().getStatusCode() >= 300) return;
        ctx.response().putHeader("Cache-Control", cacheControl(path, local));
        if (path.endsWith("/") || path.endsWith(".html")) ctx.response().putHeader("Content-Security-Policy", csp);
      });
      files.handle(ctx);
    };
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
