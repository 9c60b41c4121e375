package chorus.ratelimit;

import chorus.ratelimit.Decision.Verdict;
import chorus.ratelimit.RateLimitPolicy.Limit;

/**
 * The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers), structured-field lists:
 * {@code RateLimit-Policy: "subscribe-ip";q=5;w=60} and {@code RateLimit: "subscribe-ip";r=4;t=12}.
 * A GCRA limit is advertised as {@code q = burst} requests per {@code w} = the seconds an empty bucket
 * takes to refill; {@code r} is what may be sent right now and {@code t} the seconds until the bucket
 * is full again. Dry-run limits are not advertised.
 */
public final class RateLimitHeaders {

  public static final String POLICY = "RateLimit-Policy";
  public static final String STATE = "RateLimit";

  private RateLimitHeaders() {}

  /** The {@code RateLimit-Policy} value of a policy, or null when all its limits are dry runs. */
  public static String policy(RateLimitPolicy policy) {
    StringBuilder sb = new StringBuilder();
    for (Limit l : policy.limits()) {
      if (l.dryRun()) continue;
      if (sb.length() > 0) sb.append(", ");
      sb.append('"').append(name(policy.group(), l)).append("\";q=").append(l.burst()).append(";w=").append(l.windowSeconds());
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /** The {@code RateLimit} value for a decision, or null when no enforced limit applied. */
  public static String state(String group, Decision decision) {
    StringBuilder sb = new StringBuilder();
    for (Verdict v : decision.verdicts()) {
      if (v.limit().dryRun()) continue;
      if (sb.length() > 0) sb.append(", ");
      sb.append('"').append(name(group, v.limit())).append("\";r=").append(v.remaining())
          .append(";t=").append((v.resetMs() + 999) / 1000);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  static String name(String group, Limit limit) {
    return group + "-" + limit.name();
  }
}
