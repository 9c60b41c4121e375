package chorus.console;

import chorus.core.Failure;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.util.UUID;

/**
 * Sign-in, sign-out and the session gate. The session (in Redis) holds only the member id; the gate loads the
 * member on every call so that a disabled member or a changed role takes effect at once.
 */
final class ConsoleAuth {
  private static final String SESSION_MEMBER = "memberId";
  private final Console c;

  ConsoleAuth(Console c) {
    this.c = c;
  }

  /** 401 without a signed-in member; the session status, login and password change stay reachable. */
  void gate(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path.equals(ConsoleRoutes.API + "session") || path.equals(ConsoleRoutes.API + "login")) {
      ctx.next();
      return;
    }
    Session session = ctx.session();
    String id = session == null ? null : session.get(SESSION_MEMBER);
    if (id == null) {
      ctx.fail(Failure.unauthorized("Sign in to the console first."));
      return;
    }
    Members.byId(c.pool(), UUID.fromString(id)).onSuccess(m -> {
      if (m == null || m.disabled()) {
        session.destroy();
        ctx.fail(Failure.unauthorized("Sign in to the console first."));
      } else if (m.mustChange() && !path.equals(ConsoleRoutes.API + "password") && !path.equals(ConsoleRoutes.API + "logout")) {
        ctx.fail(Failure.of(Failure.Kind.FORBIDDEN, "password-change-required", "Password change required",
            "Choose a new password before using the console."));
      } else {
        ctx.put(Console.MEMBER, m);
        ctx.next();
      }
    }).onFailure(ctx::fail);
  }

  /** Wraps a handler that only admins may use: 403 for moderators. */
  static Handler<RoutingContext> admin(Handler<RoutingContext> h) {
    return ctx -> {
      if (Console.member(ctx).admin()) h.handle(ctx);
      else ctx.fail(Failure.forbidden("Only an admin may do this."));
    };
  }

  void session(RoutingContext ctx) {
    String id = ctx.session() == null ? null : ctx.session().get(SESSION_MEMBER);
    Future<Members.Member> member = id == null ? Future.succeededFuture() : Members.byId(c.pool(), UUID.fromString(id));
    member.onSuccess(m -> {
      JsonObject body = m == null || m.disabled() ? new JsonObject().put("signedIn", false)
          : new JsonObject().put("signedIn", true).put("member", m.toJson());
      ConsoleRoutes.json(ctx, 200, body);
    }).onFailure(ctx::fail);
  }

  void login(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String email = Members.normalize(body.getString("email"));
    String password = body.getString("password");
    String ip = c.ip(ctx);
    c.guard().lockedFor(email, ip).compose(locked -> {
      if (locked > 0) {
        return Audit.write(c.pool(), email, "login.locked", email, new JsonObject().put("ip", ip))
            .compose(v -> Future.failedFuture(Failure.limited("Too many failed sign-ins; try again later.", locked)));
      }
      return Members.byEmail(c.pool(), email).compose(m -> c.vertx().executeBlocking(() ->
              m != null && !m.disabled() ? Passwords.verify(password, m.passwordHash()) : Passwords.verifyNobody(password), false)
          .compose(ok -> ok ? signedIn(ctx, m, ip) : failed(email, ip)));
    }).onFailure(ctx::fail);
  }

  private Future<Void> signedIn(RoutingContext ctx, Members.Member m, String ip) {
    return c.guard().succeeded(m.email())
        .compose(v -> Members.loggedIn(c.pool(), m.id()))
        .compose(v -> Audit.write(c.pool(), m.email(), "login", m.email(), new JsonObject().put("ip", ip)))
        .onSuccess(v -> {
          Session s = ctx.session();
          s.regenerateId();
          s.put(SESSION_MEMBER, m.id().toString());
          JsonObject member = m.toJson();
          ConsoleRoutes.json(ctx, 200, new JsonObject().put("signedIn", true).put("member", member));
        });
  }

  private Future<Void> failed(String email, String ip) {
    return c.guard().failed(email, ip).compose(lock -> {
      JsonObject details = new JsonObject().put("ip", ip);
      if (lock > 0) details.put("lockedSeconds", lock);
      return Audit.write(c.pool(), email, "login.failed", email, details);
    }).compose(v -> Future.failedFuture(Failure.unauthorized("The email or password is wrong.")));
  }

  void logout(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    Audit.write(c.pool(), m.email(), "logout", m.email(), null).onSuccess(v -> {
      ctx.session().destroy();
      ctx.response().setStatusCode(204).end();
    }).onFailure(ctx::fail);
  }

  void changePassword(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    JsonObject body = ctx.body().asJsonObject();
    String current = body.getString("current");
    String next = body.getString("password");
    if (next.length() < 12) {
      ctx.fail(Failure.invalidField("password", "Use at least 12 characters."));
      return;
    }
    c.vertx().executeBlocking(() -> Passwords.verify(current, m.passwordHash()) ? Passwords.hash(next) : null, false)
        .compose(hash -> hash == null ? Future.failedFuture(Failure.invalidField("current", "The current password is wrong."))
            : Members.setPassword(c.pool(), m.id(), hash, false))
        .compose(v -> Audit.write(c.pool(), m.email(), "member.password", m.email(), null))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }
}
