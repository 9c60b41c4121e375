package chorus.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode only: with no member yet, creates {@code admin@localhost} with a random one-time password written
 * to {@code <local.dir>/admin-password} (mode 0600, never logged) and logs where it is.
 */
public final class FirstMember {
  private static final Logger LOG = LoggerFactory.getLogger(FirstMember.class);
  public static final String EMAIL = "admin@localhost";
  public static final String FILE = "admin-password";

  private FirstMember() {}

  public static Future<Void> ensureLocal(Vertx vertx, Pool pool, Path localDir) {
    Path file = localDir.resolve(FILE);
    return Members.count(pool).compose(n -> {
      if (n > 0) {
        if (Files.exists(file)) LOG.info("console: sign in at /console/ as {} with the password in {}", EMAIL, file.toAbsolutePath());
        return Future.succeededFuture();
      }
      return MemberAccounts.add(vertx, pool, Audit.SYSTEM, EMAIL, "admin")
          .compose(issued -> vertx.executeBlocking(() -> {
            write(file, issued.password());
            return null;
          }, false))
          .onSuccess(v -> LOG.info("console: created {} (admin); its one-time password is in {} (mode 0600)", EMAIL, file.toAbsolutePath()))
          .mapEmpty();
    });
  }

  static void write(Path file, String password) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
