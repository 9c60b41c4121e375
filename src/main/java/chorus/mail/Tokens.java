package chorus.mail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed links for mail: a token names one purpose (confirm or unsubscribe), one address and when it was
 * issued, followed by an HMAC-SHA256 over all three. The key is derived from the {@code secret} setting
 * for this use only, so an upload signature can never pass as a mail token. Altering any byte, or using
 * the token for another purpose or address, fails verification. Confirm tokens expire; unsubscribe tokens
 * do not (RFC 8058 links must keep working). A confirm token also carries the claim it confirms, so the
 * link binds the address to the fan that claimed it and to no other.
 */
public final class Tokens {
  public enum Purpose {
    CONFIRM("c", Duration.ofDays(30)), UNSUBSCRIBE("u", null);

    final String code;
    final Duration lifetime;

    Purpose(String code, Duration lifetime) {
      this.code = code;
      this.lifetime = lifetime;
    }
  }

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder D64 = Base64.getUrlDecoder();
  private static final int MAX_TOKEN = 1024;

  private final SecretKeySpec key;

  public Tokens(String secret) {
    if (secret == null || secret.length() < 32) throw new IllegalArgumentException("secret must have 32+ characters");
    byte[] derived = hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
        "chorus mail tokens v1".getBytes(StandardCharsets.UTF_8));
    this.key = new SecretKeySpec(derived, "HmacSHA256");
  }

  /** What a genuine token names: the address and, for a bound token, the claim. */
  public record Verified(String email, String claim) {}

  public String sign(Purpose purpose, String email, Instant issued) {
    return sign(purpose.code + "\n" + email + "\n" + issued.getEpochSecond());
  }

  /** A token bound to one claim of the address as well. */
  public String sign(Purpose purpose, String email, String claim, Instant issued) {
    return sign(purpose.code + "\n" + email + "\n" + issued.getEpochSecond() + "\n" + claim);
  }

  private String sign(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return B64.encodeToString(bytes) + "." + B64.encodeToString(hmac(key, bytes));
  }

  /** The address an unbound token was issued for, when it is genuine, of this purpose and not expired. */
  public Optional<String> verify(Purpose purpose, String token, Instant now) {
    return check(purpose, token, now).filter(v -> v.claim() == null).map(Verified::email);
  }

  /** The address and claim of a bound token, when it is genuine, of this purpose and not expired. */
  public Optional<Verified> verifyBound(Purpose purpose, String token, Instant now) {
    return check(purpose, token, now).filter(v -> v.claim() != null);
  }

  private Optional<Verified> check(Purpose purpose, String token, Instant now) {
    if (token == null || token.length() > MAX_TOKEN) return Optional.empty();
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) return Optional.empty();
    byte[] body;
    byte[] sig;
    try {
      body = D64.decode(token.substring(0, dot));
      sig = D64.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // canonical encoding only: base64's spare trailing bits must not give one token several spellings
    if (!token.equals(B64.encodeToString(body) + "." + B64.encodeToString(sig))) return Optional.empty();
    if (!MessageDigest.isEqual(hmac(key, body), sig)) return Optional.empty();
    String[] parts = new String(body, StandardCharsets.UTF_8).split("\n", -1);
    if (parts.length < 3 || parts.length > 4 || !parts[0].equals(purpose.code)) return Optional.empty();
    long issued;
    try {
      issued = Long.parseLong(parts[2]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (purpose.lifetime != null && now.isAfter(Instant.ofEpochSecond(issued).plus(purpose.lifetime))) return Optional.empty();
    return Optional.of(new Verified(parts[1], parts.length == 4 ? parts[3] : null));
  }

  private static byte[] hmac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
