package chorus.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest Chorus uses for keys, checksums and ETags. */
public final class Hashes {
  private Hashes() {}

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hashes::newSha256);

  /** A fresh digest for incremental use ({@code update} several fields, then {@code digest}). */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  public static byte[] sha256(byte[] bytes) {
    return SHA256.get().digest(bytes);
  }

  public static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256(text));
  }
}
