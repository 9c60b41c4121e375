package chorus.storage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the app's own upload URLs (local storage): an HMAC over the key, content type, size
 * limit and expiry, so a URL cannot be reused for another object, type, size or after it expires.
 */
public final class UploadSigner {
  public static final String PATH = "/upload/";

  private final SecretKeySpec key;

  public UploadSigner(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public String url(String baseUrl, String objectKey, String contentType, long maxBytes, Instant expires) {
    long exp = expires.getEpochSecond();
    return baseUrl + PATH + objectKey + "?ct=" + URLEncoder.encode(contentType, StandardCharsets.UTF_8)
        + "&max=" + maxBytes + "&exp=" + exp + "&sig=" + sign(objectKey, contentType, maxBytes, exp);
  }

  public boolean valid(String objectKey, String contentType, long maxBytes, long exp, String sig, Instant now) {
    if (sig == null || now.getEpochSecond() > exp) return false;
    byte[] expected = sign(objectKey, contentType, maxBytes, exp).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII));
  }

  private String sign(String objectKey, String contentType, long maxBytes, long exp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      String data = "PUT\n" + objectKey + "\n" + contentType + "\n" + maxBytes + "\n" + exp;
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
