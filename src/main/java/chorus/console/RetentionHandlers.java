package chorus.console;

import chorus.db.RetentionPolicy;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Admin only: {@code GET /console/api/settings/retention} (the policy, a suggestion from the campaign file when
 * none is set, and the last retention run) and {@code PUT} of the same (audited as {@code settings.retention},
 * with the old and new values, in the same transaction).
 */
final class RetentionHandlers {
  private final Console c;

  RetentionHandlers(Console c) {
    this.c = c;
  }

  void get(RoutingContext ctx) {
    describe().onSuccess(body -> ConsoleRoutes.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  void put(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    RetentionPolicy policy = RetentionPolicy.of(ctx.body().asJsonObject());
    c.pool().withTransaction(tx -> RetentionPolicy.load(tx).compose(old -> policy.save(tx, m.email())
            .compose(v -> Audit.write(tx, m.email(), "settings.retention", RetentionPolicy.KEY, new JsonObject()
                .put("from", old == null ? null : old.toJson()).put("to", policy.toJson())))))
        .compose(v -> describe())
        .onSuccess(body -> ConsoleRoutes.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  private Future<JsonObject> describe() {
    Audit.Filter last = new Audit.Filter(null, Retention.ACTION, null, null, null, null, 1);
    return Future.all(RetentionPolicy.load(c.pool()), Audit.query(c.pool(), last)).map(all -> {
      RetentionPolicy p = all.resultAt(0);
      java.util.List<JsonObject> runs = all.resultAt(1);
      LocalDate end = LocalDate.ofInstant(c.campaign().contestEndsAt(), ZoneOffset.UTC);
      return new JsonObject().put("policy", p == null ? null : p.toJson())
          .put("suggested", new RetentionPolicy(end, c.campaign().privacy().retentionDays()).toJson())
          .put("lastRun", runs.isEmpty() ? null : runs.get(0));
    });
  }
}
