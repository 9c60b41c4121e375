package chorus.db;

import chorus.core.Hashes;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Versioned schema migrations from {@code db/migration/V<n>__<name>.sql} on the classpath, each applied
 * once in its own transaction. A PostgreSQL advisory lock makes concurrent containers take turns; a
 * migration whose text changed after it was applied stops start-up.
 */
public final class Migrator {
  /** In order. Add new files at the end; never edit an applied one. */
  public static final List<String> MIGRATIONS = List.of("V1__fans_and_outbox.sql", "V2__mail.sql",
      "V3__take_verdict_and_decision.sql", "V4__jobs.sql", "V6__hardening.sql", "V7__console.sql",
      "V8__chorus_mix.sql", "V11__mail_identity_sns_and_indexes.sql", "V12__console_pages.sql",
      "V13__privacy_and_retention.sql", "V14__mix_missing_takes.sql", "V15__take_ids.sql",
      "V16__in_song_mail.sql");
  private static final long LOCK_ID = 0x43686f727573L; // "Chorus"

  private final Pool pool;

  public Migrator(Pool pool) {
    this.pool = pool;
  }

  /**
   * Applies what is missing; the future holds how many migrations ran now. A database already up to date (what a new
   * container normally finds) costs one query: the recorded versions and checksums are read without the lock and
   * compared; only when something is missing or the table is not there yet does the locked path below run, which
   * reads them again under the lock (another container may have migrated in between).
   */
  public Future<Integer> migrate() {
    return pool.query("SELECT version, checksum FROM schema_version").execute()
        .map(rows -> {
          Map<Integer, String> applied = new HashMap<>();
          for (Row r : rows) applied.put(r.getInteger(0), r.getString(1));
          return upToDate(applied);
        })
        .otherwise(false) // no schema_version table yet: a new database
        .compose(done -> done ? Future.succeededFuture(0) : migrateLocked());
  }

  /** Every migration applied with its current text: nothing to do. A changed text is left to the locked path to report. */
  private static boolean upToDate(Map<Integer, String> applied) {
    for (int i = 0; i < MIGRATIONS.size(); i++) {
      if (!Hashes.sha256Hex(read(MIGRATIONS.get(i))).equals(applied.get(i + 1))) return false;
    }
    return true;
  }

  private Future<Integer> migrateLocked() {
    return pool.getConnection().compose(conn -> conn.query("SELECT pg_advisory_lock(" + LOCK_ID + ")").execute()
        .compose(v -> conn.query("CREATE TABLE IF NOT EXISTS schema_version (version int PRIMARY KEY, name text NOT NULL,"
            + " checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())").execute())
        .compose(v -> conn.query("SELECT version, checksum FROM schema_version").execute())
        .compose(rows -> {
          Map<Integer, String> applied = new HashMap<>();
          for (Row r : rows) applied.put(r.getInteger(0), r.getString(1));
          return applyFrom(conn, applied, 0, 0);
        })
        .eventually(() -> conn.query("SELECT pg_advisory_unlock(" + LOCK_ID + ")").execute()
            .eventually(conn::close)));
  }

  private Future<Integer> applyFrom(SqlConnection conn, Map<Integer, String> applied, int index, int count) {
    if (index == MIGRATIONS.size()) return Future.succeededFuture(count);
    String file = MIGRATIONS.get(index);
    int version = index + 1;
    String sql = read(file);
    String checksum = Hashes.sha256Hex(sql);
    String known = applied.get(version);
    if (known != null) {
      if (!known.equals(checksum)) {
        return Future.failedFuture(new IllegalStateException("migration " + file + " changed after it was applied"));
      }
      return applyFrom(conn, applied, index + 1, count);
    }
    return conn.begin().compose(tx -> conn.query(sql).execute()
            .compose(v -> conn.preparedQuery("INSERT INTO schema_version (version, name, checksum) VALUES ($1, $2, $3)")
                .execute(Tuple.of(version, file, checksum)))
            .compose(v -> tx.commit())
            .onFailure(e -> tx.rollback()))
        .recover(e -> Future.failedFuture(new IllegalStateException("migration " + file + " failed: " + e.getMessage(), e)))
        .compose(v -> applyFrom(conn, applied, index + 1, count + 1));
  }

  private static String read(String file) {
    try (InputStream in = Migrator.class.getResourceAsStream("/db/migration/" + file)) {
      if (in == null) throw new IllegalStateException("missing migration resource " + file);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + file, e);
    }
  }

}
