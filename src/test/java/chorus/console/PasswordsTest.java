package chorus.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Argon2id hashes in PHC form: round trip, wrong passwords, tampered or malformed hashes, and the cost on this machine. */
class PasswordsTest {
  @Test
  void aHashVerifiesItsPasswordOnly() {
    String hash = Passwords.hash("sing along, loudly");
    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(Passwords.verify("sing along, loudly", hash)).isTrue();
    assertThat(Passwords.verify("sing along, loudly!", hash)).isFalse();
    assertThat(Passwords.hash("sing along, loudly")).isNotEqualTo(hash);
  }

  @Test
  void tamperedOrMalformedHashesNeverMatch() {
    String hash = Passwords.hash("pw");
    assertThat(Passwords.verify("pw", hash.replace("t=2", "t=3"))).isFalse();
    assertThat(Passwords.verify("pw", hash.replace("argon2id", "argon2i"))).isFalse();
    assertThat(Passwords.verify("pw", "$argon2id$v=19$m=99999999,t=2,p=1$AAAA$AAAA")).isFalse();
    assertThat(Passwords.verify("pw", "plain")).isFalse();
    assertThat(Passwords.verify("pw", null)).isFalse();
    assertThat(Passwords.verifyNobody("pw")).isFalse();
  }

  @Test
  void oneTimePasswordsAreLongAndDistinct() {
    String a = Passwords.randomPassword();
    assertThat(a).hasSize(20).matches("[a-zA-Z2-9]+").doesNotContain("0", "O", "l", "1", "I");
    assertThat(Passwords.randomPassword()).isNotEqualTo(a);
  }

  /** Prints the cost of one hash here (the README quotes it); the check keeps it within what a sign-in may take. */
  @Test
  void oneHashTakesTensOfMilliseconds() {
    for (int i = 0; i < 3; i++) Passwords.hash("warm-up");
    int n = 10;
    long t = System.nanoTime();
    for (int i = 0; i < n; i++) Passwords.hash("measure");
    double ms = (System.nanoTime() - t) / 1e6 / n;
    System.out.printf("Argon2id m=%d KiB t=%d p=%d: %.1f ms per hash%n", Passwords.MEMORY_KIB, Passwords.ITERATIONS, Passwords.LANES, ms);
    assertThat(ms).isBetween(1.0, 1000.0);
  }
}
