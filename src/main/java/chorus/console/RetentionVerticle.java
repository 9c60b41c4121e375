package chorus.console;

import chorus.db.RetentionPolicy;
import chorus.core.Config;
import chorus.db.Database;
import chorus.jobs.JobOptions;
import chorus.jobs.JobQueue;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code retention.checkSeconds} (worker role): once the retention policy is due, enqueues the retention job
 * {@value Retention#KIND}, at most once a day across all containers (the dedupe key is the day), so takes or rows
 * that arrive after the first run are deleted by the next day's.
 */
public class RetentionVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionVerticle.class);

  private final Config config;
  private final Pool given;
  private Pool pool;
  private long timer = -1;

  /** With a pool of its own, closed when it stops. */
  public RetentionVerticle(Config config) {
    this(config, null);
  }

  /** On the process's pool, which the caller closes. */
  public RetentionVerticle(Config config, Pool pool) {
    this.config = config;
    this.given = pool;
  }

  @Override
  public Future<?> start() {
    pool = given != null ? given : Database.pool(vertx, config);
    timer = vertx.setPeriodic(config.integer("retention.checkSeconds") * 1000L, id -> check(Instant.now())
        .onFailure(e -> LOG.warn("retention check failed: {}", e.toString())));
    return Future.succeededFuture();
  }

  /** Enqueues today's run when the policy is due; answers whether it was due. */
  Future<Boolean> check(Instant now) {
    return RetentionPolicy.load(pool).compose(p -> {
      if (p == null || !p.due(now)) return Future.succeededFuture(false);
      String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
      return JobQueue.enqueue(pool, Retention.KIND, new JsonObject().put("day", day), JobOptions.DEFAULTS.priority(8).maxAttempts(5)
              .dedupe(Retention.KIND + ":" + day))
          .onSuccess(id -> JobQueue.wake(vertx, Retention.KIND)).map(true);
    });
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    return pool == null || pool == given ? Future.succeededFuture() : pool.close();
  }
}
