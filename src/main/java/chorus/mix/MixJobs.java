package chorus.mix;

import chorus.core.Config;
import chorus.jobs.Job;
import chorus.jobs.JobFailure;
import chorus.jobs.JobHandlers;
import chorus.jobs.JobOptions;
import chorus.jobs.JobQueue;
import chorus.storage.MissingObjectException;
import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The mix on the shared job queue: {@code mix.leaf}, {@code mix.merge}, {@code mix.root} (the tree of one stem)
 * and {@code mix.align}, {@code mix.preview} (per approved take), registered in {@code MainVerticle}. Every
 * container in the worker role takes any of them, so k containers mix in parallel and a killed container's
 * job is redone by another once its lease runs out.
 */
public final class MixJobs {
  /** Priority of the tree's jobs: below the per-take audio work (a mix can wait, a fan's verdict not). */
  static final int PRIORITY = 7;
  /** A leaf, merge or root runs at most this long; decoding 200 takes of a minute takes seconds. */
  static final Duration TIMEOUT = Duration.ofMinutes(15);

  private MixJobs() {}

  /** The queue port for the mix: jobs enqueued in the caller's transaction, this container woken after. */
  public static MixQueue queue(Vertx vertx) {
    return new MixQueue() {
      @Override
      public Future<Void> enqueue(SqlClient tx, String kind, JsonObject payload, String dedupeKey) {
        JobOptions o = JobOptions.DEFAULTS.priority(PRIORITY);
        return JobQueue.enqueue(tx, kind, payload, dedupeKey == null ? o : o.dedupe(dedupeKey)).mapEmpty();
      }

      @Override
      public void wake(String kind) {
        JobQueue.wake(vertx, kind);
      }
    };
  }

  /** The service the console mounts: a stem is the backing track's length, in leaves of {@code mix.batch} takes. */
  public static MixService service(Vertx vertx, Pool pool, ObjectStorage storage, Config config, int backingTrackMs) {
    return new MixService(pool, storage, queue(vertx), MixService.songSamples(backingTrackMs), config.integer("mix.batch"),
        config.integer("mix.fanIn"));
  }

  /** What happens once a take's preview is ready (on the job's worker thread; it may block, and a failure retries the job). */
  @FunctionalInterface
  public interface PreviewReady {
    void ready(UUID take) throws Exception;
  }

  /**
   * Registers the five kinds; {@code refs} names the campaign's backing track and guide vocal; {@code previewReady}
   * runs after each preview is stored (again when a retried or repeated job stores it again: it must be idempotent).
   */
  public static void register(JobHandlers handlers, Vertx vertx, Pool pool, ObjectStorage storage, MixService service,
                              References refs, PreviewReady previewReady) {
    Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "chorus-mix");
    long timeout = TIMEOUT.toSeconds();
    MixWorker worker = new MixWorker(pool, storage, service, queue(vertx), scratch, timeout);
    TakeJobs takes = new TakeJobs(pool, storage, refs, scratch, timeout);
    for (String kind : new String[] {MixService.LEAF, MixService.MERGE, MixService.ROOT}) {
      handlers.register(kind, job -> worker.run(job.payload(), last(job)), TIMEOUT);
    }
    handlers.register(TakeJobs.ALIGN, job -> {
      try {
        takes.align(take(job));
      } catch (MissingObjectException e) {
        throw JobFailure.permanent("the take's producer file is gone from storage: " + e.getMessage(), e);
      }
    }, Duration.ofMinutes(2));
    handlers.register(TakeJobs.PREVIEW, job -> {
      try {
        UUID take = take(job);
        if (takes.preview(take) != null) previewReady.ready(take);
      } catch (MissingObjectException e) {
        throw JobFailure.permanent("the take's producer file is gone from storage: " + e.getMessage(), e);
      }
    }, Duration.ofMinutes(2));
  }

  private static boolean last(Job job) {
    return job.attempt() >= job.maxAttempts();
  }

  private static UUID take(Job job) {
    return UUID.fromString(job.payload().getString("recordingId"));
  }
}
