package chorus.http;

import chorus.app.Config;
import chorus.campaign.Campaign;
import chorus.render.ArtworkHandler;
import chorus.render.RenderGate;
import chorus.storage.ObjectStorage;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;

/** What the HTTP handlers of one verticle instance share: settings and clients, created in its start(). */
public record Services(Vertx vertx, Config config, Pool pool, RedisAPI redis, ObjectStorage storage, MeterRegistry registry,
                       Campaign campaign, RenderGate gate, ArtworkHandler artwork) {}
