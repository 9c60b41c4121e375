package chorus.artwork;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The owner part of artwork storage keys: HMAC-SHA256 of the fan key under the server secret. Without the
 * secret nobody can compute a fan's image URLs from a name and a team (so a URL says nothing about who
 * joined), and two fans with the same name and team own separate objects (erasing one leaves the other's).
 */
public final class ArtworkKeys {
  private final SecretKeySpec key;

  public ArtworkKeys(String secret) {
    this.key = new SecretKeySpec(("artwork-owner\n" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public String owner(Buffer fanKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(fanKey.getBytes()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
