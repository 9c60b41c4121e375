package chorus.render;

import chorus.core.Addresses;
import chorus.core.RenderFailure;
import chorus.core.RenderRequest;
import chorus.core.RenderResult;
import java.util.LinkedHashMap;
import java.util.Map;
import chorus.storage.ObjectStorage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A render worker (deployed as a pool of worker instances on the {@code chorus-render} worker pool): draws
 * the four artwork sizes for a name and team and stores them under content-derived keys. A render is a
 * pure function of its inputs, so drawing it twice (after a crash) writes the same bytes to the same keys.
 * Reply: a {@link RenderResult}. The engine may still be loading its fonts when the first request arrives (the process
 * answers before that): such a request waits for it rather than failing.
 */
public class RenderVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RenderVerticle.class);
  public static final String PREFIX = "artwork";

  private final Future<RenderEngine> engine;
  private final ObjectStorage storage;

  public RenderVerticle(Future<RenderEngine> engine, ObjectStorage storage) {
    this.engine = engine;
    this.storage = storage;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>consumer(Addresses.RENDER_ARTWORK, this::render).completion();
  }

  private void render(Message<JsonObject> message) {
    if (engine.succeeded()) {
      render(engine.result(), message); // here, on this render worker's thread
      return;
    }
    // Still loading: wait for it, then come back to this verticle's context. A listener runs on the context that
    // completed the future (the main verticle's event loop), and a render there would block an event loop.
    Context here = context;
    engine.onComplete(ar -> here.runOnContext(v -> {
      if (ar.succeeded()) {
        render(ar.result(), message);
      } else {
        message.fail(RenderFailure.INTERNAL.code, "render engine unavailable");
      }
    }));
  }

  private void render(RenderEngine engine, Message<JsonObject> message) {
    RenderRequest req = RenderRequest.fromJson(message.body());
    TeamSpec team;
    try {
      team = engine.team(req.team(), req.lang());
    } catch (IllegalArgumentException e) {
      message.fail(RenderFailure.BAD_REQUEST.code, e.getMessage());
      return;
    }
    Map<String, RenderResult.Image> images = new LinkedHashMap<>();
    List<Future<Void>> writes = new ArrayList<>();
    try {
      for (TemplateSpec t : engine.templates().values()) {
        byte[] jpeg = engine.render(t.id(), team, req.name());
        String key = engine.key(t.id(), team, req.name()).ownedBy(req.owner()).path(PREFIX);
        images.put(t.id(), new RenderResult.Image(key, t.width(), t.height(), jpeg.length));
        writes.add(storage.put(key, Buffer.buffer(jpeg), "image/jpeg"));
      }
    } catch (RuntimeException e) {
      LOG.error("render failed for team {}", req.team(), e);
      message.fail(RenderFailure.INTERNAL.code, "render failed");
      return;
    }
    Future.all(writes).onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(new RenderResult(images).toJson());
      } else {
        LOG.error("storing artwork failed: {}", ar.cause().toString());
        message.fail(RenderFailure.STORAGE.code, "storage unavailable");
      }
    });
  }
}
