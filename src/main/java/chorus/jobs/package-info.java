/**
 * The durable job queue on PostgreSQL that every container takes background work from (table {@code jobs},
 * migration V4). For a feature with background work:
 * <ol>
 *   <li>implement {@link chorus.jobs.JobHandler} (it may block; it runs on the {@code chorus-jobs} worker pool;
 *       make it idempotent, delivery is at least once) and register it in {@code MainVerticle.registerJobKinds}
 *       with a time ceiling: {@code jobHandlers.register("audio.take", handler, Duration.ofMinutes(5))};</li>
 *   <li>enqueue in the transaction that creates the work, with a dedupe key when the same work may be asked
 *       twice: {@code JobQueue.enqueue(tx, "audio.take", payload, JobOptions.DEFAULTS.dedupe("take:" + id))},
 *       then after the commit {@code JobQueue.wake(vertx, "audio.take")}.</li>
 * </ol>
 * {@link chorus.jobs.JobWorkerVerticle} claims jobs under a lease ({@link chorus.jobs.LeasedTable}), heartbeats
 * them, enforces the ceiling, retries with {@link chorus.jobs.Backoff} and dead-letters; {@link chorus.jobs.JobMetrics}
 * shows depth and age. The mail outbox uses the same lease, backoff and {@link chorus.jobs.DrainLoop} code.
 */
package chorus.jobs;
