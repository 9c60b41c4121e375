package chorus.console;

import chorus.core.Failure;
import chorus.mix.MixService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * The chorus mix in the console: an admin starts a stem (everybody, or a group) and defines groups; every member
 * follows a mix's progress, downloads its stems (signed URLs, 15 minutes), and nudges the approved takes whose
 * alignment is below the threshold, hearing each again over the track. Every write is audited in its transaction.
 */
final class MixHandlers {
  private final MixService mixes;

  MixHandlers(MixService mixes) {
    this.mixes = mixes;
  }

  void start(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    String group = TakeHandlers.trimmed(ctx.body().asJsonObject().getString("group"));
    mixes.start(group, m.email(), (tx, id) -> Audit.write(tx, m.email(), "mix.start", "mix:" + id,
            new JsonObject().put("stem", group == null ? MixService.EVERYBODY : group)))
        .onSuccess(id -> ConsoleRoutes.json(ctx, 202, new JsonObject().put("mixId", id.toString())))
        .onFailure(ctx::fail);
  }

  void status(RoutingContext ctx) {
    mixes.status(UUID.fromString(ctx.pathParam("mixId"))).onSuccess(j -> ConsoleRoutes.json(ctx, 200, j)).onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    int limit = ctx.queryParams().contains("limit") ? Integer.parseInt(ctx.queryParams().get("limit")) : 20;
    mixes.recent(limit).onSuccess(list -> ConsoleRoutes.json(ctx, 200, new JsonObject().put("mixes", list))).onFailure(ctx::fail);
  }

  void groups(RoutingContext ctx) {
    mixes.groups().onSuccess(list -> ConsoleRoutes.json(ctx, 200, new JsonObject().put("groups", list))).onFailure(ctx::fail);
  }

  void defineGroup(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    JsonObject b = ctx.body().asJsonObject();
    String name = b.getString("name"), team = TakeHandlers.trimmed(b.getString("team")),
        country = b.getString("country") == null ? null : b.getString("country").toUpperCase(java.util.Locale.ROOT),
        lang = TakeHandlers.trimmed(b.getString("lang"));
    JsonObject group = new JsonObject().put("name", name).put("team", team).put("country", country).put("lang", lang);
    mixes.defineGroup(name, team, country, lang, tx -> Audit.write(tx, m.email(), "mix.group", "group:" + name, group))
        .onSuccess(v -> ConsoleRoutes.json(ctx, 200, group)).onFailure(ctx::fail);
  }

  void needingReview(RoutingContext ctx) {
    int limit = ctx.queryParams().contains("limit") ? Integer.parseInt(ctx.queryParams().get("limit")) : 50;
    mixes.needingReview(limit).onSuccess(list -> ConsoleRoutes.json(ctx, 200, new JsonObject().put("takes", list))).onFailure(ctx::fail);
  }

  void alignment(RoutingContext ctx) {
    UUID id = UUID.fromString(ctx.pathParam("recordingId"));
    mixes.alignment(id).compose(j -> j == null ? Future.failedFuture(Failure.notFound("No take with this id.")) : Future.succeededFuture(j))
        .onSuccess(j -> ConsoleRoutes.json(ctx, 200, j)).onFailure(ctx::fail);
  }

  void nudge(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    UUID id = UUID.fromString(ctx.pathParam("recordingId"));
    int delta = ctx.body().asJsonObject().getInteger("deltaMs");
    mixes.nudge(id, delta, (tx, offset) -> Audit.write(tx, m.email(), "take.nudge", id.toString(),
            new JsonObject().put("deltaMs", delta).put("offsetMs", offset)))
        .onSuccess(offset -> ConsoleRoutes.json(ctx, 200, new JsonObject().put("recordingId", id.toString()).put("offsetMs", offset)
            .put("deltaMs", delta)))
        .onFailure(ctx::fail);
  }
}
