package chorus.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The per-fan limiter key. The bearer token is a secret, so it never appears in a key or a log line:
 * the key is the first 128 bits of SHA-256 over the token (a random UUID v4 carries 122 bits, so the
 * hash cannot be reversed by guessing).
 */
public final class FanKey {

  private static final Pattern UUID_V4 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final String BEARER = "bearer ";

  private FanKey() {}

  /** The key for an {@code Authorization} header value, or null when it is not {@code Bearer <uuid v4>}. */
  public static String fromAuthorization(String authorization) {
    if (authorization == null || authorization.length() != BEARER.length() + 36
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = authorization.substring(BEARER.length()).toLowerCase(Locale.ROOT);
    return UUID_V4.matcher(token).matches() ? hash(token) : null;
  }

  static String hash(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
