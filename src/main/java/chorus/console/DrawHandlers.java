package chorus.console;

import chorus.core.Failure;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;

/**
 * Admin only: freeze the entries, publish count and hash, enter the public seed (once), see the winners with
 * their addresses, redraw an ineligible winner with a reason, and download the canonical entry list.
 */
final class DrawHandlers {
  private final Console c;

  DrawHandlers(Console c) {
    this.c = c;
  }

  void current(RoutingContext ctx) {
    Draws.latest(c.pool()).compose(d -> d == null ? Future.succeededFuture(new JsonObject().putNull("draw")) : describe(d))
        .onSuccess(body -> ConsoleRoutes.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  void freeze(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    int winners = ctx.body().asJsonObject().getInteger("winners");
    String terms = c.campaign().termsVersion();
    c.pool().withTransaction(tx -> Draws.freeze(tx, m.email(), terms, winners, c.config().string("secret"))
            .compose(d -> Audit.write(tx, m.email(), "draw.freeze", "draw:" + d.id(), new JsonObject().put("entries", d.entryCount())
                .put("listSha256", d.listSha256()).put("termsVersion", terms).put("winners", winners)).map(d)))
        .compose(this::describe)
        .onSuccess(body -> ConsoleRoutes.json(ctx, 201, body)).onFailure(ctx::fail);
  }

  void seed(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    int id = Integer.parseInt(ctx.pathParam("drawId"));
    String seed = ctx.body().asJsonObject().getString("seed").trim();
    draw(id).compose(d -> c.pool().withTransaction(tx -> Draws.seed(tx, id, seed, m.email()).compose(set -> set
            ? Audit.write(tx, m.email(), "draw.seed", "draw:" + id, new JsonObject().put("seed", seed))
            : Future.failedFuture(Failure.conflict("seed-set", "This draw already has its seed; freeze a new draw to start again.")))))
        .compose(v -> draw(id)).compose(this::describe)
        .onSuccess(body -> ConsoleRoutes.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  void redraw(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    int id = Integer.parseInt(ctx.pathParam("drawId"));
    JsonObject body = ctx.body().asJsonObject();
    String entryId = body.getString("entryId");
    String reason = TakeHandlers.trimmed(body.getString("reason"));
    if (reason == null) {
      ctx.fail(Failure.invalidField("reason", "Say why this winner is not eligible."));
      return;
    }
    draw(id).compose(d -> Draws.winners(c.pool(), d).compose(winners -> {
          if (!Draws.ids(winners).contains(entryId)) {
            return Future.failedFuture(Failure.conflict("not-a-winner", "Only a current winner can be redrawn."));
          }
          return c.pool().withTransaction(tx -> Draws.redraw(tx, id, entryId, reason, m.email())
              .compose(v -> Audit.write(tx, m.email(), "draw.redraw", "draw:" + id, new JsonObject().put("entryId", entryId).put("reason", reason))));
        }).compose(v -> describe(d)))
        .onSuccess(out -> ConsoleRoutes.json(ctx, 200, out)).onFailure(ctx::fail);
  }

  /** The canonical list, streamed: the file whose SHA-256 is published, for {@code tools/draw/Verify.java}. */
  void entries(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    int id = Integer.parseInt(ctx.pathParam("drawId"));
    draw(id).compose(d -> Audit.write(c.pool(), m.email(), "export.draw-entries", "draw:" + id, null).compose(v -> {
      ctx.response().setChunked(true).putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Cache-Control", "no-store")
          .putHeader("Content-Disposition", "attachment; filename=\"draw-" + id + "-entries.txt\"");
      return SqlStreams.copy(c.pool(), Draws.ENTRIES, Tuple.of(id), null, row -> Buffer.buffer(row.getString(0) + "\n"), ctx.response());
    })).onSuccess(n -> ctx.response().end()).onFailure(e -> Exports.fail(ctx, e));
  }

  private Future<Draws.Draw> draw(int id) {
    return Draws.byId(c.pool(), id).compose(d -> d == null ? Future.failedFuture(Failure.notFound("No such draw.")) : Future.succeededFuture(d));
  }

  private Future<JsonObject> describe(Draws.Draw d) {
    return Future.all(Draws.winners(c.pool(), d), Draws.redraws(c.pool(), d.id()))
        .map(all -> new JsonObject().put("draw", d.toJson().put("winnersList", all.resultAt(0)).put("redraws", all.resultAt(1))
            .put("entriesUrl", ConsoleRoutes.API + "draw/" + d.id() + "/entries")));
  }
}
