package chorus.console;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The console's figures: totals (fans, takes by verdict and by decision, subscriptions by state, entries,
 * artworks, mails sent and failed), their course per hour or day, and breakdowns by language, country and
 * team. Each figure is one query; the series read only their time window through the created-at indexes, and
 * the queries run side by side on the pool.
 */
final class Stats {
  private Stats() {}

  private static final String TOTALS = "SELECT "
      + "(SELECT count(*) FROM fans WHERE erased_at IS NULL) AS fans, "
      + "(SELECT count(*) FROM contest_entries) AS entries, "
      + "(SELECT count(*) FROM artworks) AS artworks, "
      + "(SELECT count(*) FROM mail_outbox WHERE status = 'sent') AS mails_sent, "
      + "(SELECT count(*) FROM mail_outbox WHERE status = 'failed') AS mails_failed";
  private static final String TAKES_BY = "SELECT verdict, coalesce(decision, 'undecided') AS decision, count(*) FROM recordings "
      + "WHERE status = 'complete' GROUP BY 1, 2";
  private static final String SUBSCRIPTIONS_BY = "SELECT CASE WHEN x.email IS NOT NULL THEN 'bounced' "
      + "WHEN s.unsubscribed_at IS NOT NULL THEN 'unsubscribed' WHEN s.newsletter_confirmed_at IS NOT NULL THEN 'confirmed' "
      + "ELSE 'unconfirmed' END AS state, count(*) FROM subscriptions s "
      + "LEFT JOIN mail_suppressions x ON x.email = lower(s.email) AND x.reason = 'bounce' GROUP BY 1";
  private static final String BY_LANG = "SELECT lang, count(*) FROM subscriptions GROUP BY 1 ORDER BY 2 DESC";
  private static final String BY_TEAM = "SELECT team, count(*) FROM subscriptions GROUP BY 1 ORDER BY 2 DESC";
  private static final String BY_COUNTRY = "SELECT coalesce(country, '??'), count(*) FROM fans WHERE erased_at IS NULL GROUP BY 1 ORDER BY 2 DESC";

  /** One time series: {@code table.column} counted per bucket since {@code $2}. */
  private static String series(String table, String column, String where) {
    return "SELECT date_trunc($1, " + column + ") AS t, count(*) FROM " + table + " WHERE " + column + " >= $2"
        + (where == null ? "" : " AND " + where) + " GROUP BY 1 ORDER BY 1";
  }

  private static final String[][] SERIES = {
      {"fans", series("fans", "created_at", null)},
      {"takes", series("recordings", "completed_at", "status = 'complete'")},
      {"subscriptions", series("subscriptions", "created_at", null)},
      {"entries", series("contest_entries", "entered_at", null)},
      {"artworks", series("artworks", "created_at", null)},
      {"mailsSent", series("mail_outbox", "sent_at", null)},
      {"decisions", series("recordings", "decided_at", "decision IS NOT NULL")}};

  static Future<JsonObject> compute(Pool pool, String bucket, OffsetDateTime since) {
    List<Future<?>> parts = new ArrayList<>();
    parts.add(pool.query(TOTALS).execute());
    parts.add(pool.query(TAKES_BY).execute());
    parts.add(pool.query(SUBSCRIPTIONS_BY).execute());
    parts.add(pool.query(BY_LANG).execute());
    parts.add(pool.query(BY_TEAM).execute());
    parts.add(pool.query(BY_COUNTRY).execute());
    for (String[] s : SERIES) parts.add(pool.preparedQuery(s[1]).execute(Tuple.of(bucket, since)));
    return Future.all(parts).map(all -> {
      Row t = all.<io.vertx.sqlclient.RowSet<Row>>resultAt(0).iterator().next();
      JsonObject totals = new JsonObject().put("fans", t.getLong("fans")).put("entries", t.getLong("entries"))
          .put("artworks", t.getLong("artworks")).put("mailsSent", t.getLong("mails_sent")).put("mailsFailed", t.getLong("mails_failed"));
      JsonObject byVerdict = new JsonObject();
      JsonObject byDecision = new JsonObject();
      for (Row r : all.<io.vertx.sqlclient.RowSet<Row>>resultAt(1)) {
        byVerdict.put(r.getString(0), byVerdict.getLong(r.getString(0), 0L) + r.getLong(2));
        byDecision.put(r.getString(1), byDecision.getLong(r.getString(1), 0L) + r.getLong(2));
      }
      totals.put("takesByVerdict", byVerdict).put("takesByDecision", byDecision)
          .put("subscriptionsByState", counts(all.resultAt(2)));
      JsonObject series = new JsonObject();
      for (int i = 0; i < SERIES.length; i++) {
        JsonArray points = new JsonArray();
        for (Row r : all.<io.vertx.sqlclient.RowSet<Row>>resultAt(6 + i)) {
          points.add(new JsonArray().add(r.getOffsetDateTime(0).toString()).add(r.getLong(1)));
        }
        series.put(SERIES[i][0], points);
      }
      return new JsonObject().put("bucket", bucket).put("since", since.toString()).put("totals", totals).put("series", series)
          .put("byLanguage", counts(all.resultAt(3))).put("byTeam", counts(all.resultAt(4))).put("byCountry", counts(all.resultAt(5)));
    });
  }

  private static JsonObject counts(io.vertx.sqlclient.RowSet<Row> rows) {
    JsonObject o = new JsonObject();
    rows.forEach(r -> o.put(r.getString(0), r.getLong(1)));
    return o;
  }
}
