package chorus.jobs;

import chorus.core.Addresses;
import chorus.core.Config;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the job queue: claims due jobs of the registered kinds, runs each handler on the {@code chorus-jobs}
 * worker pool (the deployment's named pool, {@code jobs.workers} threads, separate from the render pool),
 * and records the outcome. At most {@code jobs.workers} attempts run at once; a claim takes no more than
 * the free threads, so no claimed job waits unleased for a thread.
 * <p>
 * This verticle itself runs on an event loop and never blocks: it heartbeats the leases of its running
 * jobs, interrupts an attempt at its kind's time ceiling, and on stop gives running jobs
 * {@code jobs.shutdownSeconds} to finish, then releases their leases so another container starts them at
 * once. (A worker verticle blocked in a handler could do none of that: its timers would wait behind the
 * handler.) Woken over {@link Addresses#JOBS_WAKE} after a commit, and polls.
 */
public class JobWorkerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobWorkerVerticle.class);

  private final JobQueue queue;
  private final JobHandlers handlers;
  private final JobMetrics metrics;
  private final String owner = "jobs-" + UUID.randomUUID();
  private final Map<Long, Attempt> running = new HashMap<>();
  private DrainLoop loop;
  private int slots, leaseSeconds, shutdownSeconds;
  private long retryBaseMillis, retryMaxMillis, heartbeatTimer = -1;
  private boolean stopping;
  private Promise<Void> idle;

  public JobWorkerVerticle(JobQueue queue, JobHandlers handlers, JobMetrics metrics) {
    this.queue = queue;
    this.handlers = handlers;
    this.metrics = metrics;
  }

  /** One running attempt. {@code thread} is set while the handler runs on the worker pool. */
  private static final class Attempt {
    final Job job;
    final long startNanos = System.nanoTime();
    long timer = -1;
    volatile Thread thread;
    /** The outcome was recorded already (time ceiling, lost lease, release): the handler's result is ignored. */
    boolean settled;

    Attempt(Job job) {
      this.job = job;
    }

    synchronized void interrupt() {
      if (thread != null) thread.interrupt();
    }
  }

  /** The worker threads of a container: {@code jobs.workers}, 0 meaning one per core. */
  public static int workers(Config config) {
    int n = config.integer("jobs.workers");
    return n > 0 ? n : Runtime.getRuntime().availableProcessors();
  }

  public String owner() {
    return owner;
  }

  @Override
  public Future<?> start() {
    Config config = Config.of(config());
    slots = workers(config);
    leaseSeconds = config.integer("jobs.leaseSeconds");
    shutdownSeconds = config.integer("jobs.shutdownSeconds");
    retryBaseMillis = config.integer("jobs.retryBaseMillis");
    retryMaxMillis = config.integer("jobs.retryMaxMillis");
    metrics.known(handlers.kinds());
    loop = new DrainLoop(vertx, "job worker", this::round);
    heartbeatTimer = vertx.setPeriodic(Math.max(1_000L, leaseSeconds * 1000L / 3), id -> heartbeat());
    return loop.start(Addresses.JOBS_WAKE, config.integer("jobs.pollMillis"))
        .onSuccess(v -> LOG.info("job worker {} started: {} threads, kinds {}, lease {} s", owner, slots, handlers.kinds(), leaseSeconds));
  }

  /** Claims as many jobs as there are free threads; true when it got that many (more may be due). */
  private Future<Boolean> round() {
    int free = slots - running.size();
    Set<String> kinds = handlers.kinds();
    if (stopping || free <= 0 || kinds.isEmpty()) return Future.succeededFuture(false);
    return queue.claim(kinds, free, leaseSeconds, owner).map(jobs -> {
      for (Job job : jobs) begin(job);
      return jobs.size() == free && running.size() < slots;
    });
  }

  private void begin(Job job) {
    JobHandlers.Registration reg = handlers.get(job.kind()).orElseThrow();
    if (job.attempt() > job.maxAttempts()) {
      // its last attempt died with its container: not run again
      queue.fail(job, owner, "gave up: the last of " + job.maxAttempts() + " attempts never finished (lease ran out)", true, 0)
          .onSuccess(state -> {
            if ("dead".equals(state)) metrics.dead(job.kind());
          })
          .onFailure(e -> LOG.warn("job {} ({}): dead-letter not recorded: {}", job.id(), job.kind(), e.toString()));
      return;
    }
    Attempt a = new Attempt(job);
    running.put(job.id(), a);
    metrics.started(job.kind());
    a.timer = vertx.setTimer(reg.timeout().toMillis(), t -> timedOut(a, reg));
    vertx.<Void>executeBlocking(() -> {
      a.thread = Thread.currentThread();
      try {
        if (a.settled) return null;
        reg.handler().handle(job);
        return null;
      } finally {
        synchronized (a) {
          a.thread = null;
          Thread.interrupted(); // an interrupt aimed at this attempt must not reach the pool's next task
        }
      }
    }, false).onComplete(ar -> {
      vertx.cancelTimer(a.timer);
      Future<Void> outcome = Future.succeededFuture();
      if (!a.settled) {
        a.settled = true;
        outcome = ar.succeeded() ? succeeded(a) : failed(a, ar.cause());
      }
      // the thread is free and the outcome recorded: only now may a stop finish or a new claim use the slot
      outcome.onComplete(v -> {
        running.remove(job.id());
        if (idle != null && running.isEmpty()) idle.tryComplete();
        loop.wake();
      });
    });
  }

  private Future<Void> succeeded(Attempt a) {
    long nanos = System.nanoTime() - a.startNanos;
    return queue.complete(a.job, owner).transform(ar -> {
      if (ar.succeeded() && ar.result()) {
        metrics.completed(a.job.kind(), nanos);
      } else {
        metrics.lost(a.job.kind(), nanos);
        LOG.warn("job {} ({}): finished, but its lease was lost ({}); another worker runs it again", a.job.id(), a.job.kind(),
            ar.failed() ? ar.cause().toString() : "taken over");
      }
      return Future.<Void>succeededFuture();
    });
  }

  private Future<Void> failed(Attempt a, Throwable cause) {
    return record(a, describe(cause), cause instanceof JobFailure);
  }

  private void timedOut(Attempt a, JobHandlers.Registration reg) {
    if (a.settled) return;
    a.settled = true;
    a.interrupt();
    record(a, "timed out after " + reg.timeout().toSeconds() + " s", false);
  }

  private Future<Void> record(Attempt a, String error, boolean permanent) {
    long nanos = System.nanoTime() - a.startNanos;
    Job job = a.job;
    long delay = Backoff.delayMillis(job.attempt(), retryBaseMillis, retryMaxMillis);
    return queue.fail(job, owner, error, permanent, delay).transform(ar -> {
      if (ar.failed() || ar.result() == null) {
        metrics.lost(job.kind(), nanos);
        LOG.warn("job {} ({}): attempt {} failed ({}) and its lease was lost", job.id(), job.kind(), job.attempt(), error);
      } else {
        boolean dead = "dead".equals(ar.result());
        metrics.failed(job.kind(), nanos, dead);
        if (dead) LOG.error("job {} ({}): dead after attempt {}: {}", job.id(), job.kind(), job.attempt(), error);
        else LOG.info("job {} ({}): attempt {} failed ({}), next in {} ms", job.id(), job.kind(), job.attempt(), error, delay);
      }
      return Future.<Void>succeededFuture();
    });
  }

  /** Extends the leases of running attempts in one statement; an attempt whose lease is gone is interrupted. */
  private void heartbeat() {
    List<Long> ids = new ArrayList<>();
    running.forEach((id, a) -> {
      if (!a.settled) ids.add(id);
    });
    queue.heartbeat(ids, owner, leaseSeconds).onSuccess(held -> {
      for (Long id : ids) {
        Attempt a = running.get(id);
        if (a != null && !a.settled && !held.contains(id)) {
          a.settled = true;
          a.interrupt();
          metrics.lost(a.job.kind(), System.nanoTime() - a.startNanos);
          LOG.warn("job {} ({}): lease lost while running; interrupted", id, a.job.kind());
        }
      }
    }).onFailure(e -> LOG.warn("job lease heartbeat failed: {}", e.toString()));
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e instanceof JobFailure ? m : e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /** Stops claiming, lets running attempts finish for {@code jobs.shutdownSeconds}, then releases the rest. */
  @Override
  public Future<?> stop() {
    stopping = true;
    Future<Void> stopped = loop == null ? Future.succeededFuture() : loop.stop();
    idle = Promise.promise();
    if (running.isEmpty()) idle.tryComplete();
    long grace = vertx.setTimer(Math.max(1, shutdownSeconds * 1000L), t -> idle.tryComplete());
    return stopped.eventually(idle::future).compose(v -> {
      vertx.cancelTimer(grace);
      List<Long> left = new ArrayList<>();
      running.forEach((id, a) -> {
        if (!a.settled) {
          a.settled = true;
          a.interrupt();
          left.add(id);
          metrics.lost(a.job.kind(), System.nanoTime() - a.startNanos);
        }
      });
      if (heartbeatTimer >= 0) vertx.cancelTimer(heartbeatTimer);
      if (left.isEmpty()) return Future.succeededFuture();
      LOG.warn("job worker {} stopping: releasing {} running jobs {}", owner, left.size(), left);
      return queue.release(left, owner).onFailure(e -> LOG.warn("jobs {} not released ({}); their leases run out", left, e.toString())).mapEmpty();
    });
  }
}
