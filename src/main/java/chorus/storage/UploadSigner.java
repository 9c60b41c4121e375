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
 * Signs and checks the app's own upload and download URLs (local storage's presigned PUT and GET): an HMAC
 * over the method, key, expiry and, for uploads, content type and size limit, so a URL cannot be reused for
 * another object, type, size or after it expires.
 */
public final class UploadSigner {
  public static final String PATH = "/upload/";
  public static final String DOWNLOAD_PATH = "/download/";

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

  /** A short-lived URL to read one object (local storage's presigned GET). */
  public String downloadUrl(String baseUrl, String objectKey, Instant expires) {
    long exp = expires.getEpochSecond();
    return baseUrl + DOWNLOAD_PATH + objectKey + "?exp=" + exp + "&sig=" + mac("GET\n" + objectKey + "\n" + exp);
  }

  public boolean validDownload(String objectKey, long exp, String sig, Instant now) {
    if (sig == null || now.getEpochSecond() > exp) return false;
    return MessageDigest.isEqual(mac("GET\n" + objectKey + "\n" + exp).getBytes(StandardCharsets.US_ASCII), sig.getBytes(StandardCharsets.US_ASCII));
  }

  private String sign(String objectKey, String contentType, long maxBytes, long exp) {
    return mac("PUT\n" + objectKey + "\n" + contentType + "\n" + maxBytes + "\n" + exp);
  }

  private String mac(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
