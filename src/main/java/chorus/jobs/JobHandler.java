package chorus.jobs;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;

/**
 * The work of one job kind, registered in {@link JobHandlers} under its kind (in {@code MainVerticle}).
 * {@link #handle} runs on the {@code chorus-jobs} worker pool, so it may block (decode a file, run a child
 * process, wait for a Vert.x future with {@link #await}: {@code Future.await()} refuses worker threads).
 * <ul>
 *   <li>returning normally completes the job;</li>
 *   <li>throwing fails this attempt: the job is retried after an exponential backoff with full jitter,
 *       and dead-lettered after its last attempt; throw {@link JobFailure#permanent} when retrying cannot
 *       help (the job goes dead at once);</li>
 *   <li>past the kind's time ceiling the thread is interrupted and the attempt counts as failed, so honour
 *       interrupts (blocking JDK calls and {@code Process.waitFor} do).</li>
 * </ul>
 * Delivery is at least once: after a crash a job runs again, possibly partly done, so the work must be
 * idempotent (write results under keys derived from the job, upsert rows).
 */
@FunctionalInterface
public interface JobHandler {
  void handle(Job job) throws Exception;

  /**
   * Waits for a Vert.x future from a handler (a database or storage call) and answers its result or throws
   * its failure. Interruptible, so the time ceiling still applies while waiting.
   */
  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) throw cause;
      throw e;
    }
  }
}
