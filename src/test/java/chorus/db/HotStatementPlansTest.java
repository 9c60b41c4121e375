package chorus.db;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.Config;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every SQL statement the application can send (each string literal of its compiled classes that starts like
 * a statement) is planned by PostgreSQL with {@code EXPLAIN (GENERIC_PLAN)} and sequential scans disabled; a
 * plan that still reads a table that grows with fans from end to end (a sequential scan, or an index scan
 * without an index condition) fails the test, naming the class and the statement. A new table that grows with
 * fans belongs in {@link #GROWING}.
 */
class HotStatementPlansTest {
  static final Set<String> GROWING = Set.of("fans", "subscriptions", "contest_entries", "recordings", "artworks", "mail_outbox",
      "mail_daily_counts", "mail_suppressions", "sns_messages", "jobs");
  static final Pattern STATEMENT = Pattern.compile("(?s)\\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\\s.*");
  /**
   * Classes whose statements read whole tables on purpose, with the reason. None of them is reachable by a fan or a
   * stranger: they run for a signed-in team member, behind the console's own limits.
   */
  static final Map<String, String> DELIBERATE = Map.of(
      "chorus/console/Stats.class", "the figures are counts over whole tables; one container computes them at most once a minute "
          + "in the background (StatsCache) and every request reads the cached result",
      "chorus/console/Exports.class", "an export is every row by definition, streamed to an admin",
      "chorus/console/Draws.class", "freezing the draw reads every contest entry once, by definition",
      "chorus/console/Retention.class", "the retention run deletes every take, artwork and personal row once the period is over: whole "
          + "tables by definition, in keyset batches, at most once a day from the job queue");

  static final Set<String> PARTIAL = new java.util.HashSet<>();
  static Vertx vertx;
  static Pool pool;

  /** Enough rows of each growing table, shaped like a campaign's, for the planner to choose as it would live. */
  static final String[] ROWS = {
      "INSERT INTO fans (fan_key) SELECT sha256(int4send(g)) FROM generate_series(1, 20000) g",
      "INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter, email_confirmed_at) SELECT sha256(int4send(g)), "
          + "'fan' || g || '@example.com', 'Fan', 'aurora', 'en', g % 2 = 0, CASE WHEN g % 3 = 0 THEN now() END FROM generate_series(1, 20000) g",
      "INSERT INTO contest_entries (email, fan_key, terms_version, confirmed_at) SELECT 'fan' || g || '@example.com', sha256(int4send(g)), "
          + "'v1', CASE WHEN g % 3 = 0 THEN now() END FROM generate_series(1, 20000, 2) g",
      "INSERT INTO recordings (id, fan_key, object_key, content_type, bytes, duration_ms, status, completed_at) SELECT gen_random_uuid(), "
          + "sha256(int4send(g % 20000 + 1)), 'recordings/' || g || '.webm', 'audio/webm', 1000, 1000, 'complete', now() "
          + "FROM generate_series(1, 40000) g",
      "INSERT INTO artworks (share_id, fan_key, render_key, name, team, lang, images) SELECT 's' || g, sha256(int4send(g)), 'r' || g, "
          + "'Fan', 'aurora', 'en', jsonb_build_object('cover', jsonb_build_object('key', 'artwork/' || g || '.jpg'), "
          + "'story', jsonb_build_object('key', 'artwork/s' || g || '.jpg')) FROM generate_series(1, 20000) g",
      "INSERT INTO mail_outbox (fan_key, kind, email, lang, message_id, status, sent_at) SELECT sha256(int4send(g)), 'welcome', "
          + "'fan' || g || '@example.com', 'en', '<' || g || '@example.com>', 'sent', now() FROM generate_series(1, 20000) g",
      "INSERT INTO mail_suppressions (email, reason) SELECT 'fan' || g || '@example.com', 'bounce' FROM generate_series(1, 20000, 10) g",
      "INSERT INTO mail_daily_counts (email, day, sent) SELECT 'fan' || g || '@example.com', current_date - g % 30, 1 FROM generate_series(1, 20000) g",
      "INSERT INTO sns_messages (message_id, received_at) SELECT 'm' || g, now() - make_interval(secs => g) FROM generate_series(1, 20000) g",
      "INSERT INTO jobs (kind, state, attempts, finished_at, dedupe_key) SELECT 'audio.take', 'done', 1, now(), 'take-' || g "
          + "FROM generate_series(1, 20000) g",
      "INSERT INTO jobs (kind, payload) SELECT 'audio.take', jsonb_build_object('n', g) FROM generate_series(1, 200) g",
      "ANALYZE"};

  /** A database of its own (the other tests share the default one), migrated and filled. */
  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Config shared = TestServices.get().config(Map.of());
    Pool admin = Database.migrationPool(vertx, shared);
    admin.query("DROP DATABASE IF EXISTS chorus_plans").execute().await();
    admin.query("CREATE DATABASE chorus_plans").execute().await();
    admin.close().await();
    Config config = shared.with("pg.url", shared.string("pg.url").replaceFirst("/[^/]*$", "/chorus_plans"));
    Pool migrations = Database.migrationPool(vertx, config);
    new Migrator(migrations).migrate().await(60, TimeUnit.SECONDS);
    for (String sql : ROWS) migrations.query(sql).execute().await(120, TimeUnit.SECONDS);
    migrations.close().await();
    pool = Database.pool(vertx, config);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void noHotStatementScansATableThatGrowsWithFans() throws Exception {
    Map<String, String> statements = statements(Path.of("target/classes"));
    assertThat(statements).as("statements found in the compiled classes").hasSizeGreaterThan(30);
    assertThat(statements.values()).as("each deliberate exception names a class that has statements").containsAll(DELIBERATE.keySet());
    assertThat(statements.keySet()).as("the lookup behind /media/* is among them")
        .anyMatch(sql -> sql.contains("FROM artworks") && sql.contains("images"));
    // a constant that begins another statement is the shared head of several (e.g. the columns and joins), never sent alone
    statements.keySet().removeIf(head -> statements.keySet().stream().anyMatch(other -> other.length() > head.length() && other.startsWith(head)));
    List<String> scans = new ArrayList<>();
    SqlConnection conn = pool.getConnection().await();
    try {
      conn.query("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indpred IS NOT NULL").execute().await()
          .forEach(r -> PARTIAL.add(r.getString(0)));
      conn.query("SET enable_seqscan = off").execute().await();
      for (var e : statements.entrySet()) {
        if (DELIBERATE.containsKey(e.getValue())) continue;
        JsonArray plan;
        try {
          Object v = conn.query("EXPLAIN (GENERIC_PLAN, FORMAT JSON) " + e.getKey()).execute().await().iterator().next().getValue(0);
          plan = v instanceof JsonArray a ? a : new JsonArray(String.valueOf(v));
        } catch (Exception ex) {
          scans.add(e.getValue() + ": cannot be planned: " + ex.getMessage() + "\n    " + e.getKey());
          continue;
        }
        List<String> found = new ArrayList<>();
        fullReads(plan.getJsonObject(0).getJsonObject("Plan"), found);
        for (String f : found) scans.add(e.getValue() + ": " + f + "\n    " + e.getKey() + "\n    plan: " + plan.encode());
      }
    } finally {
      conn.close().await();
    }
    assertThat(scans).as("statements that read a growing table whole").isEmpty();
  }

  /** Plan nodes that read a growing table whole. */
  static void fullReads(JsonObject node, List<String> out) {
    String type = node.getString("Node Type");
    String table = node.getString("Relation Name");
    if (table != null && GROWING.contains(table)) {
      if (type.equals("Seq Scan")) out.add("sequential scan of " + table);
      // a partial index holds a bounded part of the table (e.g. the pending mail): reading all of it is its purpose
      if (type.startsWith("Index") && node.getValue("Index Cond") == null && !PARTIAL.contains(node.getString("Index Name"))) {
        out.add("whole-index scan of " + table + " (" + node.getString("Index Name") + ")");
      }
    }
    JsonArray plans = node.getJsonArray("Plans");
    if (plans != null) for (int i = 0; i < plans.size(); i++) fullReads(plans.getJsonObject(i), out);
  }

  /** Statement text to the class it is in, from the string constants of every class under {@code dir}. */
  static Map<String, String> statements(Path dir) throws IOException {
    Map<String, String> found = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          for (String s : utf8Constants(new DataInputStream(in))) {
            // a recipe of a string built at run time holds \u0001 where values go: not a whole statement
            if (STATEMENT.matcher(s).matches() && s.indexOf('\u0001') < 0) found.put(s.strip(), dir.relativize(f).toString());
          }
        }
      }
    }
    return found;
  }

  /** The UTF-8 entries of a class file's constant pool (JVMS 4.4), where its string literals are. */
  static List<String> utf8Constants(DataInputStream in) throws IOException {
    if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    List<String> out = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> out.add(in.readUTF());
        case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          i++;
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    return out;
  }
}
