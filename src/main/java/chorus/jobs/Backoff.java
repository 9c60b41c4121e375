package chorus.jobs;

import java.util.concurrent.ThreadLocalRandom;

/** Retry delays of every leased table (jobs and mail): exponential backoff with full jitter. */
public final class Backoff {
  private Backoff() {}

  /** The ceiling after {@code attempt} failed attempts: {@code base * 2^(attempt-1)}, at most {@code max}. */
  public static long ceiling(int attempt, long baseMillis, long maxMillis) {
    long d = baseMillis << Math.min(Math.max(attempt - 1, 0), 30);
    return Math.min(d <= 0 ? maxMillis : d, maxMillis);
  }

  /**
   * Full jitter: uniformly within [0, ceiling]. Spreading retries over the whole window keeps a crowd of
   * jobs that failed together (a database or SMTP outage) from coming back together.
   */
  public static long delayMillis(int attempt, long baseMillis, long maxMillis) {
    return ThreadLocalRandom.current().nextLong(ceiling(attempt, baseMillis, maxMillis) + 1);
  }
}
