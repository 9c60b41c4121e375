package chorus.ratelimit;

import chorus.ratelimit.Decision.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The in-process fallback: the same GCRA as {@code ratelimit/gcra.lua}, on this process's monotonic
 * clock. Limits then hold per container rather than across them. Memory is bounded: past
 * {@code maxKeys} buckets, expired ones are swept, and if that is not enough new keys go untracked
 * (they are judged as fresh buckets and counted in {@link #untracked()}).
 */
final class LocalLimiter {

  private final Map<String, Long> tats = new HashMap<>();
  private final LongSupplier clockMs;
  private final int maxKeys;
  private final AtomicLong untracked = new AtomicLong();

  LocalLimiter(int maxKeys, LongSupplier clockMs) {
    this.maxKeys = maxKeys;
    this.clockMs = clockMs;
  }

  LocalLimiter(int maxKeys) {
    this(maxKeys, () -> System.nanoTime() / 1_000_000);
  }

  synchronized Decision check(List<Bucket> buckets) {
    long now = clockMs.getAsLong();
    long[] tat = new long[buckets.size()];
    boolean admitted = true;
    for (int i = 0; i < tat.length; i++) {
      Bucket b = buckets.get(i);
      tat[i] = Math.max(now, tats.getOrDefault(b.key(), now));
      if (tat[i] - now > b.limit().toleranceMs() && !b.limit().dryRun()) admitted = false;
    }
    List<Verdict> verdicts = new ArrayList<>(tat.length);
    for (int i = 0; i < tat.length; i++) {
      Bucket b = buckets.get(i);
      long t = b.limit().emissionMs();
      long tau = b.limit().toleranceMs();
      boolean conforms = tat[i] - now <= tau;
      long remaining = 0;
      long retry = 0;
      long next = tat[i];
      if (conforms) {
        long fit = Math.floorDiv(now + tau - tat[i], t) + 1;
        remaining = admitted ? fit - 1 : fit;
        if (admitted) {
          next += t;
          store(b.key(), next, now);
        }
      } else {
        retry = tat[i] - now - tau;
      }
      verdicts.add(new Verdict(b.limit(), b.key(), conforms, remaining, retry, next - now));
    }
    return Decision.of(verdicts, Decision.Source.LOCAL);
  }

  private void store(String key, long tat, long now) {
    if (tats.size() >= maxKeys && !tats.containsKey(key)) {
      sweep(now);
      if (tats.size() >= maxKeys) {
        untracked.incrementAndGet();
        return;
      }
    }
    tats.put(key, tat);
  }

  /** Drops buckets that have refilled completely (their TAT has passed); returns how many remain. */
  synchronized int sweep(long now) {
    tats.values().removeIf(tat -> tat <= now);
    return tats.size();
  }

  synchronized int size() {
    return tats.size();
  }

  long untracked() {
    return untracked.get();
  }

  long now() {
    return clockMs.getAsLong();
  }
}
