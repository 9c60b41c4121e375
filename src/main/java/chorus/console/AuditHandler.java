package chorus.console;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;

/** {@code GET /console/api/audit}: the audit log, newest first, filtered by actor, action, target and time. */
final class AuditHandler {
  private AuditHandler() {}

  static Handler<RoutingContext> list(Console c) {
    return ctx -> {
      var q = ctx.queryParams();
      int limit = q.contains("limit") ? Integer.parseInt(q.get("limit")) : 100;
      Audit.Filter f = new Audit.Filter(q.get("actor"), q.get("action"), q.get("target"), time(q.get("from")), time(q.get("to")),
          q.contains("before") ? Long.parseLong(q.get("before")) : null, limit);
      Audit.query(c.pool(), f).onSuccess(entries -> {
        JsonObject body = new JsonObject().put("entries", Audit.toArray(entries));
        if (entries.size() == limit) body.put("next", entries.get(entries.size() - 1).getLong("id"));
        ConsoleRoutes.json(ctx, 200, body);
      }).onFailure(ctx::fail);
    };
  }

  private static OffsetDateTime time(String text) {
    if (text == null) return null;
    try {
      return OffsetDateTime.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw chorus.core.Failure.invalid("from and to are ISO-8601 times with an offset, e.g. 2026-12-04T10:00:00Z.");
    }
  }
}
