package chorus.fan;

import chorus.core.Config;
import chorus.db.Database;
import chorus.db.Recordings;
import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code uploads.sweepSeconds}, one container (a PostgreSQL advisory lock decides which; the others skip
 * the round) deletes the staging objects of takes whose upload URL has expired: a take never completed is
 * marked {@code expired}, and a completed take loses whatever a late PUT through its old URL left behind. A
 * bucket lifecycle rule on {@code uploads/} (README) is the net under this.
 */
public class UploadSweepVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(UploadSweepVerticle.class);
  private static final long LOCK_ID = 0x43686f7275735357L; // "ChorusSW"
  static final int BATCH = 500;
  /** Past the URL's expiry, so a PUT still under way when it expired has finished. */
  static final long GRACE_SECONDS = 300;

  private final Config config;
  private final ObjectStorage storage;
  private final Pool given;
  private Pool pool;
  private long timer = -1;

  /** With a pool of its own, closed when it stops. */
  public UploadSweepVerticle(Config config, ObjectStorage storage) {
    this(config, storage, null);
  }

  /** On the process's pool, which the caller closes. */
  public UploadSweepVerticle(Config config, ObjectStorage storage, Pool pool) {
    this.config = config;
    this.storage = storage;
    this.given = pool;
  }

  @Override
  public Future<?> start() {
    pool = given != null ? given : Database.pool(vertx, config);
    timer = vertx.setPeriodic(config.integer("uploads.sweepSeconds") * 1000L, id -> sweep(RecordingHandlers.UPLOAD_TTL.toSeconds() + GRACE_SECONDS)
        .onFailure(e -> LOG.warn("upload sweep failed: {}", e.toString())));
    return Future.succeededFuture();
  }

  /** One round: staging objects of takes granted more than {@code olderThanSeconds} ago; how many were swept (-1: another container holds the lock). */
  public Future<Integer> sweep(long olderThanSeconds) {
    return pool.withConnection(conn -> conn.query("SELECT pg_try_advisory_lock(" + LOCK_ID + ")").execute().compose(rows -> {
      if (!rows.iterator().next().getBoolean(0)) return Future.succeededFuture(-1);
      return Recordings.unswept(conn, olderThanSeconds, BATCH)
          .compose(list -> sweep(conn, list))
          .eventually(() -> conn.query("SELECT pg_advisory_unlock(" + LOCK_ID + ")").execute());
    })).onSuccess(n -> {
      if (n > 0) LOG.info("upload sweep: {} staged upload(s) removed", n);
    });
  }

  private Future<Integer> sweep(SqlConnection conn, List<Recordings.Unswept> list) {
    Future<Void> f = Future.succeededFuture();
    for (Recordings.Unswept u : list) {
      f = f.compose(v -> storage.delete(u.uploadKey())).compose(v -> Recordings.swept(conn, u.id()));
    }
    return f.map(v -> list.size());
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
    return pool == null || pool == given ? Future.succeededFuture() : pool.close();
  }
}
