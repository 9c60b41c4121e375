package chorus.db;

import chorus.core.Failure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The campaign's end date and retention period, as an admin set them in the console (the {@code retention} row of
 * {@code console_settings}, audited as {@code settings.retention}). Personal data goes from 00:00 UTC on the day
 * {@code retentionDays} after the end date. Without the row nothing is ever deleted by the retention job.
 */
public record RetentionPolicy(LocalDate endDate, int retentionDays) {
  public static final String KEY = "retention";
  public static final int MAX_DAYS = 3650;
  private static final String GET = "SELECT value FROM console_settings WHERE key = $1";
  private static final String PUT = "INSERT INTO console_settings (key, value, updated_by) VALUES ($1, $2, $3) "
      + "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now(), updated_by = excluded.updated_by";

  public Instant dueAt() {
    return endDate.plusDays(retentionDays).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public boolean due(Instant now) {
    return !now.isBefore(dueAt());
  }

  public JsonObject toJson() {
    return new JsonObject().put("endDate", endDate.toString()).put("retentionDays", retentionDays).put("dueAt", dueAt().toString());
  }

  /** From a request body or the stored row; a bad date or period is a 400 naming the field. */
  public static RetentionPolicy of(JsonObject j) {
    LocalDate end;
    try {
      end = LocalDate.parse(String.valueOf(j.getValue("endDate")));
    } catch (DateTimeParseException e) {
      throw Failure.invalidField("endDate", "The end date is a calendar date like 2027-01-31.");
    }
    Object days = j.getValue("retentionDays");
    if (!(days instanceof Number n) || n.intValue() < 0 || n.intValue() > MAX_DAYS || n.doubleValue() != n.intValue()) {
      throw Failure.invalidField("retentionDays", "The retention period is a whole number of days from 0 to " + MAX_DAYS + ".");
    }
    return new RetentionPolicy(end, n.intValue());
  }

  /** The policy set in the console, or null when none is. */
  public static Future<RetentionPolicy> load(SqlClient sql) {
    return sql.preparedQuery(GET).execute(Tuple.of(KEY)).map(rows -> rows.size() == 0 ? null : of(rows.iterator().next().getJsonObject("value")));
  }

  public Future<Void> save(SqlClient sql, String actor) {
    return sql.preparedQuery(PUT).execute(Tuple.of(KEY, new JsonObject().put("endDate", endDate.toString()).put("retentionDays", retentionDays), actor))
        .mapEmpty();
  }
}
