package chorus.ratelimit;

import chorus.ratelimit.RateLimitPolicy.Limit;

/** One limit applied to one identity: the Redis key (also the in-process key) and its parameters. */
public record Bucket(Limit limit, String key) {

  /**
   * {@code <prefix>:{<group>}:<limit>:<identity>}. The hash tag keeps a group's keys in one Redis
   * Cluster slot, so one script can touch them all.
   */
  static Bucket of(String prefix, String group, Limit limit, String identity) {
    return new Bucket(limit, prefix + ":{" + group + "}:" + limit.name() + ":" + identity);
  }
}
