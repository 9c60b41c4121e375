package chorus.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * Admin only, streamed in constant memory: the subscribers with their proof of consent, the contest entries
 * (CSV), and the approved takes as a ZIP of producer files with a manifest ({@link TakesZip}). Each export is
 * written to the audit log before it starts.
 */
final class Exports {
  private static final String SUBSCRIBERS = "SELECT s.email, s.lang, s.newsletter, s.newsletter_confirmed_at, e.terms_version, s.created_at, "
      + "s.unsubscribed_at FROM subscriptions s LEFT JOIN contest_entries e ON e.fan_key = s.fan_key ORDER BY s.created_at, s.email";
  private static final String ENTRIES = "SELECT e.email, e.terms_version, e.entered_at, s.newsletter_confirmed_at, s.lang "
      + "FROM contest_entries e JOIN subscriptions s ON s.fan_key = e.fan_key ORDER BY e.entered_at, e.email";
  private final Console c;

  Exports(Console c) {
    this.c = c;
  }

  void subscribers(RoutingContext ctx) {
    csv(ctx, "subscribers", SUBSCRIBERS, "email,language,newsletter,confirmed_at,terms_version,subscribed_at,unsubscribed_at\n", row ->
        String.join(",", SqlStreams.csv(row.getString(0)), row.getString(1), String.valueOf(row.getBoolean(2)), time(row.getOffsetDateTime(3)),
            SqlStreams.csv(row.getString(4)), time(row.getOffsetDateTime(5)), time(row.getOffsetDateTime(6))) + "\n");
  }

  void entries(RoutingContext ctx) {
    csv(ctx, "contest-entries", ENTRIES, "email,terms_version,entered_at,confirmed_at,language\n", row ->
        String.join(",", SqlStreams.csv(row.getString(0)), SqlStreams.csv(row.getString(1)), time(row.getOffsetDateTime(2)),
            time(row.getOffsetDateTime(3)), row.getString(4)) + "\n");
  }

  void takes(RoutingContext ctx) {
    Members.Member m = Console.member(ctx);
    Audit.write(c.pool(), m.email(), "export.takes", null, null)
        .compose(v -> new TakesZip(c.vertx(), c.pool(), c.storage()).write(ctx))
        .onSuccess(n -> ctx.response().end())
        .onFailure(e -> fail(ctx, e));
  }

  private void csv(RoutingContext ctx, String name, String sql, String header, java.util.function.Function<io.vertx.sqlclient.Row, String> line) {
    Members.Member m = Console.member(ctx);
    Audit.write(c.pool(), m.email(), "export." + name, null, new JsonObject()).compose(v -> {
      ctx.response().setChunked(true).putHeader("Content-Type", "text/csv; charset=utf-8").putHeader("Cache-Control", "no-store")
          .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
      return SqlStreams.copy(c.pool(), sql, Tuple.tuple(), Buffer.buffer(header), row -> Buffer.buffer(line.apply(row)), ctx.response());
    }).onSuccess(n -> ctx.response().end()).onFailure(e -> fail(ctx, e));
  }

  private static String time(OffsetDateTime t) {
    return t == null ? "" : t.toString();
  }

  /** Before the first byte: a problem answer; after it, the only honest signal left is a broken download. */
  static void fail(RoutingContext ctx, Throwable e) {
    if (ctx.response().headWritten()) {
      org.slf4j.LoggerFactory.getLogger(Exports.class).error("export on {} broke off: {}", ctx.request().path(), e.toString());
      ctx.response().reset();
    } else {
      ctx.fail(e);
    }
  }
}
