package chorus.console;

import chorus.core.Failure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Admin only: the team list, adding members, role and access changes, password resets and lifting sign-in locks. */
final class MemberHandlers {
  private final Console c;

  MemberHandlers(Console c) {
    this.c = c;
  }

  void list(RoutingContext ctx) {
    Members.all(c.pool()).onSuccess(all -> {
      JsonArray members = new JsonArray();
      all.forEach(m -> members.add(m.toJson()));
      ConsoleRoutes.json(ctx, 200, new JsonObject().put("members", members));
    }).onFailure(ctx::fail);
  }

  void add(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    MemberAccounts.add(c.vertx(), c.pool(), Console.member(ctx).email(), body.getString("email"), body.getString("role"))
        .onSuccess(i -> ConsoleRoutes.json(ctx, 201, issued(i)))
        .onFailure(e -> ctx.fail(e instanceof IllegalStateException ? Failure.conflict("member-exists", e.getMessage())
            : e instanceof IllegalArgumentException ? Failure.invalidField("email", e.getMessage()) : e));
  }

  void update(RoutingContext ctx) {
    Members.Member actor = Console.member(ctx);
    JsonObject body = ctx.body().asJsonObject();
    UUID id = UUID.fromString(ctx.pathParam("memberId"));
    if (id.equals(actor.id())) {
      ctx.fail(Failure.conflict("own-account", "Ask another admin to change your own role or access."));
      return;
    }
    Members.byId(c.pool(), id).compose(m -> {
      if (m == null) return Future.failedFuture(Failure.notFound("No such member."));
      return c.pool().withTransaction(tx -> {
        Future<Void> f = Future.succeededFuture();
        if (body.containsKey("role")) f = f.compose(v -> Members.setRole(tx, id, body.getString("role")));
        if (body.containsKey("disabled")) f = f.compose(v -> Members.setDisabled(tx, id, body.getBoolean("disabled")));
        return f.compose(v -> Audit.write(tx, actor.email(), "member.update", m.email(), body.copy()));
      }).compose(v -> Members.byId(c.pool(), id));
    }).onSuccess(m -> ConsoleRoutes.json(ctx, 200, m.toJson())).onFailure(ctx::fail);
  }

  void reset(RoutingContext ctx) {
    UUID id = UUID.fromString(ctx.pathParam("memberId"));
    Members.byId(c.pool(), id).compose(m -> m == null ? Future.failedFuture(Failure.notFound("No such member."))
            : MemberAccounts.reset(c.vertx(), c.pool(), Console.member(ctx).email(), m.email()))
        .onSuccess(i -> ConsoleRoutes.json(ctx, 200, issued(i)))
        .onFailure(ctx::fail);
  }

  /** Lifts the sign-in lock of an account ({@code email}) and/or an address ({@code ip}). */
  void unlock(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String email = body.getString("email");
    String ip = body.getString("ip");
    if (email == null && ip == null) {
      ctx.fail(Failure.invalidField("email", "Give an email, an ip, or both."));
      return;
    }
    c.guard().lift(email == null ? null : Members.normalize(email), ip)
        .compose(v -> Audit.write(c.pool(), Console.member(ctx).email(), "login.unlock", email != null ? Members.normalize(email) : ip,
            body.copy()))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static JsonObject issued(MemberAccounts.Issued i) {
    return new JsonObject().put("id", i.id().toString()).put("email", i.email()).put("role", i.role())
        .put("oneTimePassword", i.password());
  }
}
