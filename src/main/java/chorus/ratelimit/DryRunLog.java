package chorus.ratelimit;

import chorus.ratelimit.Decision.Verdict;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what a dry-run limit would have refused, at most one line per limit per second (with the count
 * of lines held back), so that trialling a limit during a flood cannot flood the logs. Keys are logged
 * as stored: IP buckets, and fan keys only as their hash.
 */
final class DryRunLog {

  private static final Logger LOG = LoggerFactory.getLogger("chorus.ratelimit.dryrun");
  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final Map<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> suppressed = new ConcurrentHashMap<>();

  void record(String group, Decision decision) {
    for (Verdict v : decision.verdicts()) {
      if (!v.dryRunExceeded()) continue;
      String id = group + "-" + v.limit().name();
      AtomicLong last = lastLogged.computeIfAbsent(id, k -> new AtomicLong(System.nanoTime() - INTERVAL_NANOS));
      AtomicLong held = suppressed.computeIfAbsent(id, k -> new AtomicLong());
      long prev = last.get();
      long now = System.nanoTime();
      if (now - prev >= INTERVAL_NANOS && last.compareAndSet(prev, now)) {
        LOG.info("Rate limit dry run: {} would refuse {} (retry in {} ms); {} more since the last line", id, v.key(),
            v.retryAfterMs(), held.getAndSet(0));
      } else {
        held.incrementAndGet();
      }
    }
  }
}
