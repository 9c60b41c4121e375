package chorus.ratelimit;

import chorus.ratelimit.RateLimitPolicy.Limit;
import java.util.List;

/**
 * The answer for one request: admitted or not, with the state of every limit that applied.
 *
 * @param allowed  true when every enforced limit admitted the request (dry-run limits never refuse)
 * @param verdicts one per applied limit, in policy order
 * @param source   who decided: the shared Redis, or this process while Redis is unavailable
 */
public record Decision(boolean allowed, List<Verdict> verdicts, Source source) {

  public enum Source { REDIS, LOCAL }

  /** The state of one limit after this request. */
  public record Verdict(Limit limit, String key, boolean conforms, long remaining, long retryAfterMs, long resetMs) {

    /** True when this limit would refuse the request but only logs (dry run). */
    public boolean dryRunExceeded() {
      return !conforms && limit.dryRun();
    }
  }

  public Decision {
    verdicts = List.copyOf(verdicts);
  }

  /** Whole seconds until every refusing enforced limit admits again (at least 1); 0 when allowed. */
  public long retryAfterSeconds() {
    if (allowed) return 0;
    long ms = 0;
    for (Verdict v : verdicts) if (!v.conforms() && !v.limit().dryRun()) ms = Math.max(ms, v.retryAfterMs());
    return Math.max(1, (ms + 999) / 1000);
  }

  /** Builds a decision from per-limit verdicts: refused when an enforced limit does not conform. */
  static Decision of(List<Verdict> verdicts, Source source) {
    boolean allowed = verdicts.stream().allMatch(v -> v.conforms() || v.limit().dryRun());
    return new Decision(allowed, verdicts, source);
  }
}
