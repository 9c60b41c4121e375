package chorus.console;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.db.Database;
import chorus.support.TestApp;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/** Members made straight through {@link MemberAccounts}, signed in with a password of their own. */
public final class ConsoleFixture {
  static final String PASSWORD = "correct horse battery staple";

  private ConsoleFixture() {}

  public static Pool pool(TestApp app) {
    return Database.pool(app.vertx, app.config);
  }

  static String newEmail(String role) {
    return role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@agency.test";
  }

  /** A member with the given role, past the first sign-in's password change, signed in. */
  public static ConsoleClient signedIn(TestApp app, Pool pool, String role) {
    String email = newEmail(role);
    MemberAccounts.Issued issued = MemberAccounts.add(app.vertx, pool, Audit.CLI, email, role).await();
    ConsoleClient c = new ConsoleClient(app.client);
    var login = c.login(email, issued.password());
    assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
    var changed = c.post("/console/api/password", new JsonObject().put("current", issued.password()).put("password", PASSWORD));
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(204);
    c.email = email;
    return c;
  }
}
