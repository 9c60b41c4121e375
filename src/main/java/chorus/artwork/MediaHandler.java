package chorus.artwork;

import chorus.core.Failure;
import chorus.core.RenderRequest;
import chorus.core.RenderResult;
import chorus.db.Artworks;
import chorus.render.RenderVerticle;
import chorus.storage.MissingObjectException;
import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /media/artwork/...}: stored artwork, immutable (its key is derived from its content and owner).
 * An image missing from storage (a container died before storing it, or it was cleaned up) is drawn again on
 * request from the share row, never a 404 while the share exists. Misses are what costs (a storage read and a
 * database lookup), so {@link #serve} answers hits and known misses only; the rest goes through the
 * {@code media-miss} rate limit (mounted between the two) to {@link #missed}, which looks the key up (indexed)
 * and remembers a key that belongs to no artwork for {@value #NEGATIVE_TTL_MS} ms. Recordings are never
 * served here.
 */
public final class MediaHandler {
  public static final String PATH = RenderResult.MEDIA_PATH;
  static final long NEGATIVE_TTL_MS = 60_000;
  private static final int NEGATIVE_MAX = 10_000;

  private final Pool pool;
  private final ObjectStorage storage;
  private final RenderGate gate;
  private final ArtworkKeys keys;
  /** Keys known to belong to no artwork, with when that answer expires (insertion order = age). */
  private final Map<String, Long> unknown = new LinkedHashMap<>();

  public MediaHandler(Pool pool, ObjectStorage storage, RenderGate gate, ArtworkKeys keys) {
    this.pool = pool;
    this.storage = storage;
    this.gate = gate;
    this.keys = keys;
  }

  private static String key(RoutingContext ctx) {
    return ctx.request().path().substring(PATH.length());
  }

  public void serve(RoutingContext ctx) {
    String key = key(ctx);
    if (!key.matches(RenderVerticle.PREFIX + "/[0-9a-f]{2}/[0-9a-f]{64}\\.jpg") || knownUnknown(key)) {
      ctx.fail(Failure.notFound("No such image."));
      return;
    }
    storage.get(key).onComplete(ar -> {
      if (ar.succeeded()) send(ctx, key, ar.result());
      else if (ar.cause() instanceof MissingObjectException) ctx.next();
      else ctx.fail(ar.cause());
    });
  }

  public void missed(RoutingContext ctx) {
    String key = key(ctx);
    Artworks.byImageKey(pool, key).compose(a -> {
      if (a == null) {
        remember(key);
        return Future.failedFuture(Failure.notFound("No such image."));
      }
      Artworks.Artwork art = a.artwork();
      // the console deletes a rejected name's images; only artworks still live may draw them again
      if (art.withdrawn()) return Future.failedFuture(Failure.gone("withdrawn", "Withdrawn", "This artwork has been withdrawn."));
      return gate.render(new RenderRequest(art.name(), art.team(), art.lang(), keys.owner(a.fanKey()))).compose(v -> storage.get(key));
    }).onSuccess(bytes -> send(ctx, key, bytes)).onFailure(ctx::fail);
  }

  private static void send(RoutingContext ctx, String key, Buffer bytes) {
    ctx.response().putHeader("Content-Type", "image/jpeg")
        .putHeader("Cache-Control", "public, max-age=31536000, immutable")
        .putHeader("ETag", "\"" + key.substring(key.lastIndexOf('/') + 1, key.length() - 4) + "\"")
        .end(bytes);
  }

  private synchronized boolean knownUnknown(String key) {
    Long until = unknown.get(key);
    if (until == null) return false;
    if (until > System.currentTimeMillis()) return true;
    unknown.remove(key);
    return false;
  }

  private synchronized void remember(String key) {
    unknown.remove(key);
    while (unknown.size() >= NEGATIVE_MAX) unknown.remove(unknown.keySet().iterator().next());
    unknown.put(key, System.currentTimeMillis() + NEGATIVE_TTL_MS);
  }
}
