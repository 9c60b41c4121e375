package chorus.jobs;

import java.time.Duration;

/**
 * How a job is enqueued: {@code priority} 0-9 (0 runs first, default 5), a {@code delay} before it is due,
 * {@code maxAttempts} before it is dead-lettered (default 10), and an optional {@code dedupeKey}: enqueueing
 * work with a key that is already taken (queued, running, done or dead) adds nothing.
 */
public record JobOptions(int priority, Duration delay, int maxAttempts, String dedupeKey) {
  public static final JobOptions DEFAULTS = new JobOptions(5, Duration.ZERO, 10, null);

  public JobOptions {
    if (priority < 0 || priority > 9) throw new IllegalArgumentException("priority must be 0-9, not " + priority);
    if (delay == null || delay.isNegative()) throw new IllegalArgumentException("delay must be zero or positive");
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    if (dedupeKey != null && dedupeKey.isBlank()) throw new IllegalArgumentException("dedupeKey must not be blank");
  }

  public JobOptions priority(int p) {
    return new JobOptions(p, delay, maxAttempts, dedupeKey);
  }

  public JobOptions delay(Duration d) {
    return new JobOptions(priority, d, maxAttempts, dedupeKey);
  }

  public JobOptions maxAttempts(int n) {
    return new JobOptions(priority, delay, n, dedupeKey);
  }

  public JobOptions dedupe(String key) {
    return new JobOptions(priority, delay, maxAttempts, key);
  }
}
