package chorus.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The per-fan limiter key. The bearer token is a secret, so it never appears in a key or a log line:
 * the key is the first 128 bits of SHA-256 over the token (a random UUID v4 carries 122 bits, so the
 * hash cannot be reversed by guessing).
 */
public final class FanKey {

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  });
  private static final String BEARER = "bearer ";

  private FanKey() {}

  /** The key for an {@code Authorization} header value, or null when it is not {@code Bearer <uuid v4>}. */
  public static String fromAuthorization(String authorization) {
    if (authorization == null || authorization.length() != BEARER.length() + 36
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = authorization.substring(BEARER.length()).toLowerCase(Locale.ROOT);
    return isUuidV4(token) ? hash(token) : null;
  }

  /** {@code xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx}, lower-case hex. */
  static boolean isUuidV4(String s) {
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean ok = switch (i) {
        case 8, 13, 18, 23 -> c == '-';
        case 14 -> c == '4';
        case 19 -> c == '8' || c == '9' || c == 'a' || c == 'b';
        default -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      };
      if (!ok) return false;
    }
    return true;
  }

  static String hash(String token) {
    byte[] digest = SHA256.get().digest(token.getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(digest, 0, 16);
  }
}
