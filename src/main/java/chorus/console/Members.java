package chorus.console;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The console_members table: team members, their role and Argon2id password hash. */
public final class Members {
  private Members() {}

  public static final List<String> ROLES = List.of("moderator", "admin");

  public record Member(UUID id, String email, String role, String passwordHash, boolean mustChange, boolean disabled,
                       java.time.OffsetDateTime lastLoginAt) {
    static Member of(Row r) {
      return new Member(r.getUUID("id"), r.getString("email"), r.getString("role"), r.getString("password_hash"),
          r.getBoolean("must_change"), r.getValue("disabled_at") != null, r.getOffsetDateTime("last_login_at"));
    }

    public boolean admin() {
      return "admin".equals(role);
    }

    public JsonObject toJson() {
      return new JsonObject().put("id", id.toString()).put("email", email).put("role", role).put("mustChangePassword", mustChange)
          .put("disabled", disabled).put("lastLoginAt", lastLoginAt == null ? null : lastLoginAt.toString());
    }
  }

  private static final String COLUMNS = "id, email, role, password_hash, must_change, disabled_at, last_login_at";
  private static final String BY_EMAIL = "SELECT " + COLUMNS + " FROM console_members WHERE email = $1";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM console_members WHERE id = $1";
  private static final String ALL = "SELECT " + COLUMNS + " FROM console_members ORDER BY email";
  private static final String INSERT = "INSERT INTO console_members (id, email, role, password_hash, must_change) "
      + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING";
  private static final String SET_PASSWORD = "UPDATE console_members SET password_hash = $2, must_change = $3 WHERE id = $1";
  private static final String SET_ROLE = "UPDATE console_members SET role = $2 WHERE id = $1";
  private static final String SET_DISABLED = "UPDATE console_members SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) END WHERE id = $1";
  private static final String LOGGED_IN = "UPDATE console_members SET last_login_at = now() WHERE id = $1";
  private static final String COUNT = "SELECT count(*) FROM console_members";

  public static String normalize(String email) {
    return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
  }

  public static Future<Member> byEmail(SqlClient sql, String email) {
    return sql.preparedQuery(BY_EMAIL).execute(Tuple.of(normalize(email))).map(Members::first);
  }

  public static Future<Member> byId(SqlClient sql, UUID id) {
    return sql.preparedQuery(BY_ID).execute(Tuple.of(id)).map(Members::first);
  }

  public static Future<List<Member>> all(SqlClient sql) {
    return sql.query(ALL).execute().map(rows -> {
      List<Member> list = new ArrayList<>();
      rows.forEach(r -> list.add(Member.of(r)));
      return list;
    });
  }

  /** {@code false} when a member with this email already exists. */
  public static Future<Boolean> insert(SqlClient sql, UUID id, String email, String role, String hash, boolean mustChange) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(id, normalize(email), role, hash, mustChange)).map(r -> r.rowCount() == 1);
  }

  public static Future<Void> setPassword(SqlClient sql, UUID id, String hash, boolean mustChange) {
    return sql.preparedQuery(SET_PASSWORD).execute(Tuple.of(id, hash, mustChange)).mapEmpty();
  }

  public static Future<Void> setRole(SqlClient sql, UUID id, String role) {
    return sql.preparedQuery(SET_ROLE).execute(Tuple.of(id, role)).mapEmpty();
  }

  public static Future<Void> setDisabled(SqlClient sql, UUID id, boolean disabled) {
    return sql.preparedQuery(SET_DISABLED).execute(Tuple.of(id, disabled)).mapEmpty();
  }

  public static Future<Void> loggedIn(SqlClient sql, UUID id) {
    return sql.preparedQuery(LOGGED_IN).execute(Tuple.of(id)).mapEmpty();
  }

  public static Future<Long> count(SqlClient sql) {
    return sql.query(COUNT).execute().map(rows -> rows.iterator().next().getLong(0));
  }

  private static Member first(io.vertx.sqlclient.RowSet<Row> rows) {
    return rows.size() == 0 ? null : Member.of(rows.iterator().next());
  }
}
