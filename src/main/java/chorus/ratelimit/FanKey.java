package chorus.ratelimit;

import chorus.core.FanToken;

/**
 * The per-fan limiter key. The bearer token is a secret, so it never appears in a key or a log line:
 * the key is {@link FanToken#limiterKey}, the first 128 bits of SHA-256 over the token.
 */
public final class FanKey {
  private FanKey() {}

  /** The key for an {@code Authorization} header value, or null when it is not {@code Bearer <uuid v4>}. */
  public static String fromAuthorization(String authorization) {
    String token = FanToken.parse(authorization);
    return token == null ? null : FanToken.limiterKey(token);
  }
}
