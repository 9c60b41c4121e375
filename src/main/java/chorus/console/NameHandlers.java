package chorus.console;

import chorus.core.Failure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The name review queue (flagged by the word lists, showing the matched words, or by reports from share pages),
 * decisions on names, and {@code POST /api/report/{shareId}} for anyone viewing a share page (rate-limited per
 * address; one report per address and page counts).
 */
final class NameHandlers {
  static final int REPORTS_PER_HOUR = 10;
  private final Console c;

  NameHandlers(Console c) {
    this.c = c;
  }

  void list(RoutingContext ctx) {
    var q = ctx.queryParams();
    String status = q.get("status") == null ? "flagged" : q.get("status");
    int limit = q.contains("limit") ? Integer.parseInt(q.get("limit")) : 50;
    OffsetDateTime afterTime = null;
    String afterId = null;
    if (q.contains("after")) {
      try {
        String[] p = new String(Base64.getUrlDecoder().decode(q.get("after")), StandardCharsets.UTF_8).split("\\|", 2);
        afterTime = OffsetDateTime.parse(p[0]);
        afterId = p[1];
      } catch (RuntimeException e) {
        ctx.fail(Failure.invalidField("after", "not a cursor from this API"));
        return;
      }
    }
    String baseUrl = c.config().string("publicBaseUrl");
    NameReviews.page(c.pool(), status, afterTime, afterId, limit).onSuccess(names -> {
      JsonArray out = new JsonArray();
      for (NameReviews.Name n : names) {
        JsonObject cover = n.images().getJsonObject("cover");
        out.add(n.toJson().put("shareUrl", baseUrl + "/s/" + n.shareId())
            .put("imageUrl", cover == null ? null : baseUrl + chorus.core.RenderResult.MEDIA_PATH + cover.getString("key")));
      }
      JsonObject body = new JsonObject().put("names", out);
      if (names.size() == limit) {
        NameReviews.Name last = names.get(names.size() - 1);
        body.put("next", Base64.getUrlEncoder().withoutPadding().encodeToString((last.createdAt() + "|" + last.shareId()).getBytes(StandardCharsets.UTF_8)));
      }
      ConsoleRoutes.json(ctx, 200, body);
    }).onFailure(ctx::fail);
  }

  void decide(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    String shareId = ctx.pathParam("shareId");
    JsonObject body = ctx.body().asJsonObject();
    boolean approve = body.getString("decision").equals("approve");
    String reason = TakeHandlers.trimmed(body.getString("reason"));
    if (!approve && reason == null) {
      ctx.fail(Failure.invalidField("reason", "Say why the name is rejected."));
      return;
    }
    c.pool().withTransaction(tx -> NameReviews.decide(tx, shareId, approve).compose(d -> d == null
            ? Future.failedFuture(Failure.notFound("No such artwork" + (approve ? " (or it was withdrawn)." : ".")))
            : Audit.write(tx, m.email(), approve ? "name.approve" : "name.reject", shareId, new JsonObject().put("name", d.name())
                .put("reason", reason).put("matches", d.matches())).map(d)))
        .compose(d -> approve ? Future.succeededFuture() : deleteImages(d.imageKeys()))
        .onSuccess(v -> ConsoleRoutes.json(ctx, 200, new JsonObject().put("shareId", shareId)
            .put("status", approve ? "approved" : "rejected").put("withdrawn", !approve)))
        .onFailure(ctx::fail);
  }

  /** A withdrawn artwork's images leave storage; the media route then answers 410 instead of drawing them again. */
  private Future<Void> deleteImages(List<String> keys) {
    List<Future<Void>> deletes = new ArrayList<>();
    keys.forEach(k -> deletes.add(c.storage().delete(k)));
    return Future.all(deletes).mapEmpty();
  }

  void report(RoutingContext ctx) {
    String shareId = ctx.pathParam("shareId");
    String ip = c.ip(ctx);
    String budget = "chorus:report:ip:" + ip;
    String once = "chorus:report:once:" + ip + ":" + shareId;
    c.redis().incr(budget).compose(n -> {
      Future<?> expire = n.toLong() == 1 ? c.redis().expire(List.of(budget, "3600")) : Future.succeededFuture();
      if (n.toLong() > REPORTS_PER_HOUR) {
        return expire.compose(v -> c.redis().ttl(budget)).compose(ttl -> Future.failedFuture(
            Failure.limited("Too many reports from this address; try again later.", Math.max(1, ttl.toLong()))));
      }
      return expire.compose(v -> c.redis().set(List.of(once, "1", "NX", "EX", "86400")))
          .compose(first -> first == null ? exists(shareId) : counted(shareId));
    }).onSuccess(v -> {
      // the share page has no script: its form posts text/plain and expects to come back to the page
      if ("text/plain".equals(mediaType(ctx))) {
        ctx.response().setStatusCode(303).putHeader("Location", "/s/" + shareId + "?reported=1").end();
      } else {
        ConsoleRoutes.json(ctx, 202, new JsonObject().put("reported", true));
      }
    }).onFailure(ctx::fail);
  }

  private Future<Void> counted(String shareId) {
    return NameReviews.report(c.pool(), shareId)
        .recover(e -> Future.failedFuture(e instanceof IllegalStateException
            ? Failure.gone("withdrawn", "Withdrawn", "This artwork has been withdrawn.") : e))
        .compose(found -> found ? Audit.write(c.pool(), Audit.SYSTEM, "name.report", shareId, null)
            : Future.failedFuture(Failure.notFound("No such artwork.")));
  }

  /** A repeated report from the same address: not counted again, but an unknown id is still a 404. */
  private Future<Void> exists(String shareId) {
    return chorus.db.Artworks.byShareId(c.pool(), shareId)
        .compose(a -> a == null ? Future.failedFuture(Failure.notFound("No such artwork.")) : Future.succeededFuture());
  }

  private static String mediaType(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    return type == null ? null : type.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
  }
}
