package chorus.ratelimit;

/** What a limit counts by: the client's address, the fan's bearer token, or everyone together. */
public enum LimitKey {
  /** The client IP (IPv4 address, or the IPv6 /64), see {@link ClientIp}. */
  IP,
  /** The fan, keyed by a hash of the bearer token; skipped when the request carries none. */
  FAN,
  /** One bucket for the whole route group, across all clients (e.g. to protect render workers). */
  GLOBAL;

  static LimitKey parse(String setting, String value) {
    if (value != null) {
      for (LimitKey k : values()) {
        if (k.name().equalsIgnoreCase(value)) return k;
      }
    }
    throw new IllegalArgumentException(setting + ": expected one of ip, fan, global (got '" + value + "')");
  }
}
