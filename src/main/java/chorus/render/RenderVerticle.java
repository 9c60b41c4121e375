package chorus.render;

import chorus.app.Addresses;
import chorus.app.Config;
import chorus.campaign.Campaign;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A render worker (deployed as a pool of worker instances on the {@code chorus-render} worker pool): draws
 * the four artwork sizes for a name and team and stores them under content-derived keys. A render is a
 * pure function of its inputs, so drawing it twice (after a crash) writes the same bytes to the same keys.
 * Reply: {@code {images:{cover:{key,width,height,bytes},...}}}.
 */
public class RenderVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RenderVerticle.class);
  public static final String PREFIX = "artwork";

  private RenderEngine engine;
  private ObjectStorage storage;

  @Override
  public Future<?> start() {
    Config config = Config.of(config());
    Campaign campaign = Campaign.load(Path.of(config.string("conf.dir"), "campaign.json"), Path.of(config.string("webroot")));
    engine = RenderEngine.shared(campaign, Path.of(config.string("fonts.dir")), Path.of(config.string("webroot")),
        config.integer("render.quality") / 100f);
    storage = Storages.create(vertx, config);
    return vertx.eventBus().<JsonObject>consumer(Addresses.RENDER_ARTWORK, this::render).completion();
  }

  private void render(Message<JsonObject> message) {
    RenderRequest req = RenderRequest.fromJson(message.body());
    TeamSpec team;
    try {
      team = engine.team(req.team(), req.lang());
    } catch (IllegalArgumentException e) {
      message.fail(RenderFailure.BAD_REQUEST.code, e.getMessage());
      return;
    }
    JsonObject images = new JsonObject();
    List<Future<Void>> writes = new ArrayList<>();
    try {
      for (TemplateSpec t : engine.templates().values()) {
        byte[] jpeg = engine.render(t.id(), team, req.name());
        String key = engine.key(t.id(), team, req.name()).path(PREFIX);
        images.put(t.id(), new JsonObject().put("key", key).put("width", t.width()).put("height", t.height()).put("bytes", jpeg.length));
        writes.add(storage.put(key, Buffer.buffer(jpeg), "image/jpeg"));
      }
    } catch (RuntimeException e) {
      LOG.error("render failed for team {}", req.team(), e);
      message.fail(RenderFailure.INTERNAL.code, "render failed");
      return;
    }
    Future.all(writes).onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(new JsonObject().put("images", images));
      } else {
        LOG.error("storing artwork failed: {}", ar.cause().toString());
        message.fail(RenderFailure.STORAGE.code, "storage unavailable");
      }
    });
  }
}
