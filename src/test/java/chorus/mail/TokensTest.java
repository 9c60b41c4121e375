package chorus.mail;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.mail.Tokens.Purpose;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokensTest {
  static final String SECRET = "0123456789abcdef0123456789abcdef-mail";
  final Tokens tokens = new Tokens(SECRET);
  final Instant now = Instant.parse("2026-11-22T04:00:00Z");

  @Test
  void genuineTokenNamesItsAddress() {
    String t = tokens.sign(Purpose.UNSUBSCRIBE, "ana@fans.example", now);
    assertThat(t).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(tokens.verify(Purpose.UNSUBSCRIBE, t, now.plus(Duration.ofDays(3650)))).contains("ana@fans.example");
  }

  @Test
  void everyAlteredCharacterIsRefused() {
    String t = tokens.sign(Purpose.CONFIRM, "ana@fans.example", now);
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      String altered = t.substring(0, i) + (c == 'A' ? 'B' : 'A') + t.substring(i + 1);
      assertThat(tokens.verify(Purpose.CONFIRM, altered, now)).as("altered at %d", i).isEmpty();
    }
  }

  @Test
  void tokenCannotBeMovedToAnotherAddressOrPurposeOrKey() {
    String t = tokens.sign(Purpose.UNSUBSCRIBE, "ana@fans.example", now);
    String sig = t.substring(t.indexOf('.'));
    String otherBody = Base64.getUrlEncoder().withoutPadding().encodeToString(("u\nbob@fans.example\n" + now.getEpochSecond()).getBytes());
    assertThat(tokens.verify(Purpose.UNSUBSCRIBE, otherBody + sig, now)).isEmpty();
    assertThat(tokens.verify(Purpose.CONFIRM, t, now)).isEmpty();
    assertThat(new Tokens(SECRET + "x").verify(Purpose.UNSUBSCRIBE, t, now)).isEmpty();
    String forged = new Tokens("another-secret-another-secret-0123").sign(Purpose.UNSUBSCRIBE, "ana@fans.example", now);
    assertThat(tokens.verify(Purpose.UNSUBSCRIBE, forged, now)).isEmpty();
  }

  @Test
  void confirmTokensExpireAndGarbageIsRefused() {
    String t = tokens.sign(Purpose.CONFIRM, "ana@fans.example", now);
    assertThat(tokens.verify(Purpose.CONFIRM, t, now.plus(Duration.ofDays(29)))).isPresent();
    assertThat(tokens.verify(Purpose.CONFIRM, t, now.plus(Duration.ofDays(31)))).isEmpty();
    for (String bad : new String[] {null, "", ".", "a.b.c", "%%%.###", "x".repeat(5000), t + "."}) {
      assertThat(tokens.verify(Purpose.CONFIRM, bad, now)).isEmpty();
    }
  }
}
