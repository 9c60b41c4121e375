package chorus.console;

import chorus.core.Failure;
import chorus.mix.MixQueue;
import chorus.mix.TakeJobs;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The take moderation queue: a page of completed takes with their analysis and a short-lived signed playback
 * URL, a decision per take (approve, or reject with a reason), and approving a whole page of {@code ok} takes.
 * A decision puts the take's mix jobs on the queue in its own transaction ({@link TakeJobs#onDecision}: an
 * approval is aligned and gets its "hear yourself" preview, a rejection loses it), and wakes the workers after.
 */
final class TakeHandlers {
  static final Duration PLAYBACK_TTL = Duration.ofMinutes(15);
  private final Console c;
  private final MixQueue queue;

  TakeHandlers(Console c, MixQueue queue) {
    this.c = c;
    this.queue = queue;
  }

  void list(RoutingContext ctx) {
    var q = ctx.queryParams();
    Takes.Cursor after;
    try {
      after = q.contains("after") ? Takes.Cursor.decode(q.get("after")) : null;
    } catch (IllegalArgumentException e) {
      ctx.fail(Failure.invalidField("after", e.getMessage()));
      return;
    }
    int limit = q.contains("limit") ? Integer.parseInt(q.get("limit")) : 50;
    String decision = q.get("decision") == null ? "undecided" : switch (q.get("decision")) {
      case "approved", "rejected", "all", "undecided" -> q.get("decision");
      default -> "undecided";
    };
    Takes.Filter f = new Takes.Filter(q.get("verdict"), q.get("lang"), q.get("country"), q.get("team"), decision, after, limit);
    Takes.page(c.pool(), f).compose(takes -> {
      List<Future<JsonObject>> items = new ArrayList<>();
      for (Takes.Take t : takes) {
        items.add(c.storage().presignGet(t.objectKey(), PLAYBACK_TTL).map(url -> t.toJson().put("playUrl", url)));
      }
      return Future.all(items).map(all -> {
        JsonArray out = new JsonArray();
        for (int i = 0; i < items.size(); i++) out.add(all.<JsonObject>resultAt(i));
        JsonObject body = new JsonObject().put("takes", out);
        if (takes.size() == limit) body.put("next", takes.get(takes.size() - 1).cursor().encode());
        return body;
      });
    }).onSuccess(body -> ConsoleRoutes.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  void decide(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    UUID id = UUID.fromString(ctx.pathParam("recordingId"));
    JsonObject body = ctx.body().asJsonObject();
    String decision = body.getString("decision").equals("approve") ? "approved" : "rejected";
    String reason = trimmed(body.getString("reason"));
    if (decision.equals("rejected") && reason == null) {
      ctx.fail(Failure.invalidField("reason", "Say why the take is rejected."));
      return;
    }
    c.pool().withTransaction(tx -> Takes.decide(tx, id, decision, reason, m.id()).compose(verdict -> verdict == null
            ? Future.failedFuture(Failure.notFound("No completed take with this id."))
            : Audit.write(tx, m.email(), "take." + (decision.equals("approved") ? "approve" : "reject"), id.toString(),
                new JsonObject().put("reason", reason).put("verdict", verdict))
                .compose(v -> TakeJobs.onDecision(tx, queue, id, decision)).map(verdict)))
        .onSuccess(verdict -> wake(decision))
        .onSuccess(verdict -> ConsoleRoutes.json(ctx, 200, new JsonObject().put("recordingId", id.toString()).put("decision", decision)
            .put("reason", reason)))
        .onFailure(ctx::fail);
  }

  void approvePage(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    JsonArray ids = ctx.body().asJsonObject().getJsonArray("recordingIds");
    List<UUID> wanted = new ArrayList<>();
    ids.forEach(o -> wanted.add(UUID.fromString((String) o)));
    c.pool().withTransaction(tx -> Takes.approveOk(tx, wanted, "bulk: verdict ok", m.id()).compose(approved -> {
          JsonArray done = new JsonArray();
          approved.forEach(u -> done.add(u.toString()));
          Future<Void> jobs = Audit.write(tx, m.email(), "take.bulk-approve", null, new JsonObject().put("approved", done)
              .put("asked", wanted.size()));
          for (UUID u : approved) jobs = jobs.compose(v -> TakeJobs.onDecision(tx, queue, u, "approved"));
          return jobs.map(done);
        }))
        .onSuccess(done -> {
          if (!done.isEmpty()) wake("approved");
        })
        .onSuccess(done -> ConsoleRoutes.json(ctx, 200, new JsonObject().put("approved", done)
            .put("skipped", wanted.size() - done.size())))
        .onFailure(ctx::fail);
  }

  /** After the commit: idle workers take the jobs at once instead of at their next poll. */
  private void wake(String decision) {
    if ("approved".equals(decision)) queue.wake(TakeJobs.ALIGN);
    queue.wake(TakeJobs.PREVIEW);
  }

  static String trimmed(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
