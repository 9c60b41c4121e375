package chorus.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The local run's signing key in {@code .chorus/secret}: readable by its owner only, and kept across runs. */
class LocalSecretTest {

  @Test
  void theSecretIsWrittenOwnerOnlyAndReadBackTheSame() throws Exception {
    Path dir = Files.createTempDirectory("chorus-secret");
    String first = LocalServices.localSecret(dir);
    Path file = dir.resolve("secret");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(first).matches("[0-9a-f]{64}");
    assertThat(LocalServices.localSecret(dir)).isEqualTo(first);
  }

  @Test
  void aSecretLeftWorldReadableByAnOlderRunIsClosed() throws Exception {
    Path dir = Files.createTempDirectory("chorus-secret");
    Path file = dir.resolve("secret");
    Files.writeString(file, "an-older-runs-key-of-thirty-two-chars-or-more\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(LocalServices.localSecret(dir)).isEqualTo("an-older-runs-key-of-thirty-two-chars-or-more");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }
}
