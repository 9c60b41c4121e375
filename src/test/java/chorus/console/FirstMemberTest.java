package chorus.console;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.Config;
import chorus.db.Database;
import chorus.db.Migrator;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The first member: local mode's admin@localhost with a 0600 password file, and the {@code admin add} command. */
class FirstMemberTest {
  static Vertx vertx;
  static Config config;
  static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    // a database of its own, so that "no member yet" holds whatever other tests did
    String db = "first_member_" + UUID.randomUUID().toString().substring(0, 8);
    Config shared = TestServices.get().config(Map.of());
    Pool admin = Database.migrationPool(vertx, shared);
    admin.query("CREATE DATABASE " + db).execute().await();
    admin.close().await();
    config = shared.with("pg.url", shared.string("pg.url").replaceFirst("/postgres$", "/" + db));
    Pool m = Database.migrationPool(vertx, config);
    new Migrator(m).migrate().await();
    m.close().await();
    pool = Database.migrationPool(vertx, config);
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void localModeCreatesAdminAtLocalhostWithAPrivatePasswordFileOnce() throws Exception {
    Path dir = Files.createTempDirectory("chorus-local");
    FirstMember.ensureLocal(vertx, pool, dir).await();
    Path file = dir.resolve(FirstMember.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String password = Files.readString(file).trim();
    Members.Member m = Members.byEmail(pool, FirstMember.EMAIL).await();
    assertThat(m.role()).isEqualTo("admin");
    assertThat(Passwords.verify(password, m.passwordHash())).isTrue();
    FirstMember.ensureLocal(vertx, pool, dir).await();
    assertThat(Files.readString(file).trim()).isEqualTo(password);
    assertThat(Members.count(pool).await()).isEqualTo(1);
  }

  @Test
  void theAdminCommandPrintsAOneTimePasswordAndResetsIt() {
    String email = "Lead-" + UUID.randomUUID().toString().substring(0, 6) + "@Agency.test";
    String first = run(0, "admin", "add", email, "--role", "moderator");
    String password = first.substring(first.indexOf(": ") + 2, first.indexOf('\n')).trim();
    Members.Member m = Members.byEmail(pool, email).await();
    assertThat(m.role()).isEqualTo("moderator");
    assertThat(m.mustChange()).isTrue();
    assertThat(Passwords.verify(password, m.passwordHash())).isTrue();
    run(1, "admin", "add", email);
    String second = run(0, "admin", "add", email, "--reset");
    String fresh = second.substring(second.indexOf(": ") + 2, second.indexOf('\n')).trim();
    String hash = Members.byEmail(pool, email).await().passwordHash();
    assertThat(Passwords.verify(fresh, hash)).isTrue();
    assertThat(Passwords.verify(password, hash)).isFalse();
    assertThat(Audit.query(pool, new Audit.Filter(Audit.CLI, "member", Members.normalize(email), null, null, null, 10)).await())
        .extracting(e -> e.getString("action")).containsExactly("member.reset", "member.add");
    run(64, "admin", "remove", email);
    run(64, "admin", "add", email, "--role");
    run(1, "admin", "add", "nobody-" + UUID.randomUUID() + "@agency.test", "--reset");
  }

  private static String run(int expectedCode, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AdminCommand.run(args, config, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedCode);
    return out.toString(StandardCharsets.UTF_8);
  }
}
