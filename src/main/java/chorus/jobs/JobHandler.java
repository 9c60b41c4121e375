package chorus.jobs;

/**
 * The work of one job kind, registered in {@link JobHandlers} under its kind (in {@code MainVerticle}).
 * {@link #handle} runs on the {@code chorus-jobs} worker pool, so it may block (decode a file, run a child
 * process, wait on a future with {@code await()}).
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
}
