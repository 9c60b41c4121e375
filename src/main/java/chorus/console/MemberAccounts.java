package chorus.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/**
 * Creating members and resetting passwords, shared by the console, the {@code admin} command and the local
 * first-member set-up: the password is random, hashed off the event loop, shown once, and must be changed
 * at the first sign-in.
 */
public final class MemberAccounts {
  private MemberAccounts() {}

  public record Issued(UUID id, String email, String role, String password) {}

  /** Adds a member; fails with {@link IllegalStateException} when the email is taken. */
  public static Future<Issued> add(Vertx vertx, Pool pool, String actor, String email, String role) {
    if (!Members.ROLES.contains(role)) return Future.failedFuture(new IllegalArgumentException("role must be moderator or admin"));
    String normalized = Members.normalize(email);
    if (!normalized.matches("[^@\\s]+@[^@\\s]+")) return Future.failedFuture(new IllegalArgumentException("not an email address"));
    String password = Passwords.randomPassword();
    UUID id = UUID.randomUUID();
    return vertx.executeBlocking(() -> Passwords.hash(password), false)
        .compose(hash -> pool.withTransaction(tx -> Members.insert(tx, id, normalized, role, hash, true)
            .compose(inserted -> inserted ? Audit.write(tx, actor, "member.add", normalized, new JsonObject().put("role", role))
                : Future.failedFuture(new IllegalStateException("a member with this email exists")))))
        .map(v -> new Issued(id, normalized, role, password));
  }

  /** A new one-time password for an existing member; {@code null} when there is no such member. */
  public static Future<Issued> reset(Vertx vertx, Pool pool, String actor, String email) {
    String password = Passwords.randomPassword();
    return Members.byEmail(pool, email).compose(m -> m == null ? Future.succeededFuture(null)
        : vertx.executeBlocking(() -> Passwords.hash(password), false)
            .compose(hash -> pool.withTransaction(tx -> Members.setPassword(tx, m.id(), hash, true)
                .compose(v -> Audit.write(tx, actor, "member.reset", m.email(), null))))
            .map(v -> new Issued(m.id(), m.email(), m.role(), password)));
  }
}
