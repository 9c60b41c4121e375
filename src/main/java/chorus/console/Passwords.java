package chorus.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (Bouncy Castle, pure Java) in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. The cost is read back from each stored hash, so the
 * defaults can be raised later without invalidating old ones. Hashing takes tens of milliseconds of CPU:
 * callers run it off the event loop.
 */
public final class Passwords {
  /** OWASP's first Argon2id choice: 19 MiB, 2 passes, 1 lane (measured: see the README's console section). */
  public static final int MEMORY_KIB = 19 * 1024;
  public static final int ITERATIONS = 2;
  public static final int LANES = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  /** A well-formed hash of a random password: verified against when the account does not exist (same timing). */
  private static final String DUMMY = hash(randomPassword());

  private Passwords() {}

  public static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, LANES, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES + "$" + B64.encodeToString(salt) + "$"
        + B64.encodeToString(out);
  }

  /** {@code true} when the password matches the stored PHC hash; a malformed hash never matches. */
  public static boolean verify(String password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) return false;
    int m = 0, t = 0, p = 0;
    for (String kv : parts[3].split(",")) {
      String[] pair = kv.split("=", 2);
      if (pair.length != 2) return false;
      int v;
      try {
        v = Integer.parseInt(pair[1]);
      } catch (NumberFormatException e) {
        return false;
      }
      switch (pair[0]) {
        case "m" -> m = v;
        case "t" -> t = v;
        case "p" -> p = v;
        default -> { return false; }
      }
    }
    if (m < 8 || m > 1 << 22 || t < 1 || t > 20 || p < 1 || p > 16) return false;
    byte[] salt;
    byte[] expected;
    try {
      salt = B64D.decode(parts[4]);
      expected = B64D.decode(parts[5]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (expected.length < 16 || expected.length > 64) return false;
    return MessageDigest.isEqual(expected, derive(password, salt, m, t, p, expected.length));
  }

  /** Spends the same work as a real check, for an unknown account; always {@code false}. */
  public static boolean verifyNobody(String password) {
    verify(password, DUMMY);
    return false;
  }

  /** A one-time password: 20 characters from a 56-symbol alphabet without look-alikes (about 116 bits). */
  public static String randomPassword() {
    StringBuilder sb = new StringBuilder(20);
    for (int i = 0; i < 20; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    return sb.toString();
  }

  private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(salt).withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(lanes).build());
    byte[] out = new byte[length];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
