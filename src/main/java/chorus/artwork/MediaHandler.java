package chorus.artwork;

import chorus.render.RenderVerticle;

import chorus.core.RenderRequest;

import chorus.core.RenderResult;
import chorus.db.Artworks;
import chorus.core.Failure;
import chorus.storage.MissingObjectException;
import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * {@code GET /media/artwork/...}: stored artwork, immutable (its key is derived from its content). An image
 * missing from storage (a container died before storing it, or it was cleaned up) is drawn again on
 * request from the share row, never a 404 while the share exists. Recordings are never served here.
 */
public final class MediaHandler {
  public static final String PATH = RenderResult.MEDIA_PATH;

  private final Pool pool;
  private final ObjectStorage storage;
  private final RenderGate gate;

  public MediaHandler(Pool pool, ObjectStorage storage, RenderGate gate) {
    this.pool = pool;
    this.storage = storage;
    this.gate = gate;
  }

  public void handle(RoutingContext ctx) {
    String key = ctx.request().path().substring(PATH.length());
    if (!key.matches(RenderVerticle.PREFIX + "/[0-9a-f]{2}/[0-9a-f]{64}\\.jpg")) {
      ctx.fail(Failure.notFound("No such image."));
      return;
    }
    storage.get(key)
        .recover(e -> e instanceof MissingObjectException ? redraw(key) : Future.failedFuture(e))
        .onSuccess(bytes -> ctx.response().putHeader("Content-Type", "image/jpeg")
            .putHeader("Cache-Control", "public, max-age=31536000, immutable")
            .putHeader("ETag", "\"" + key.substring(key.lastIndexOf('/') + 1, key.length() - 4) + "\"")
            .end(ctx.request().method().name().equals("HEAD") ? Buffer.buffer() : bytes))
        .onFailure(ctx::fail);
  }

  private Future<Buffer> redraw(String key) {
    return Artworks.byImageKey(pool, key).compose(a -> {
      if (a == null) return Future.failedFuture(Failure.notFound("No such image."));
      return gate.render(new RenderRequest(a.name(), a.team(), a.lang())).compose(v -> storage.get(key));
    });
  }
}
