package chorus.core;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The fan's bearer token: a random UUID v4 the browser made, sent as {@code Authorization: Bearer <uuid>}.
 * It is a secret, so only digests of it are kept: {@link #fanKey} (SHA-256, what the database knows) and
 * {@link #limiterKey} (its first 128 bits in hex, what rate-limit keys carry). One strict parser for every
 * use: a header with anything but {@code Bearer } and the 36 characters is not a fan token.
 */
public final class FanToken {
  private FanToken() {}

  private static final String BEARER = "bearer ";

  /** The lower-case token in an {@code Authorization} value, or null when it is not {@code Bearer <uuid v4>}. */
  public static String parse(String authorization) {
    if (authorization == null || authorization.length() != BEARER.length() + 36
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = authorization.substring(BEARER.length()).toLowerCase(Locale.ROOT);
    return isUuidV4(token) ? token : null;
  }

  /** {@code xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx}, lower-case hex. */
  public static boolean isUuidV4(String s) {
    if (s.length() != 36) return false;
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

  /** SHA-256 of the token: the fan's key in the database. */
  public static byte[] fanKey(String token) {
    return Hashes.sha256(token.getBytes(StandardCharsets.US_ASCII));
  }

  /** The first 128 bits of {@link #fanKey} in hex (a UUID v4 carries 122 random bits: not reversible by guessing). */
  public static String limiterKey(String token) {
    return HexFormat.of().formatHex(fanKey(token), 0, 16);
  }
}
