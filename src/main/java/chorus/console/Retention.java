package chorus.console;

import chorus.db.RetentionPolicy;
import chorus.db.AuditLog;
import chorus.mix.TakeJobs;
import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The retention run (job kind {@value #KIND}): once the campaign's end date plus the retention period has passed
 * ({@link RetentionPolicy}, set by an admin), it deletes every take with its original, staged upload, producer FLAC
 * and preview, every artwork with its images (their share pages answer 410), and the personal rows (subscriptions,
 * mail addresses, fans' countries, and the contest entries and draw addresses once a draw has its seed). It keeps
 * the approved takes inside a finished mix (as the terms say) and the counts: the fans rows stay as bare
 * pseudonymous keys, and the audit row of the run records the totals before it and what it deleted.
 * Work goes in batches along a key, so a million fans is many short statements; a run cut short is simply run
 * again (deleting what is gone already succeeds).
 */
public final class Retention {
  public static final String KIND = "privacy.retention";
  static final String ACTION = "retention.run";
  static final int BATCH = 200;
  static final int ROWS = 5_000;

  /** A take is kept when it is approved and inside a mix that finished. */
  private static final String KEPT = "(r.decision = 'approved' AND EXISTS (SELECT 1 FROM mix_takes t JOIN mixes m ON m.id = t.mix_id "
      + "WHERE t.recording_id = r.id AND m.state = 'done'))";
  private static final String TAKES = "SELECT r.id, r.object_key, r.upload_key, r.producer_key, r.preview_key FROM recordings r "
      + "WHERE r.id > $1 AND NOT " + KEPT + " ORDER BY r.id LIMIT $2";
  private static final String DELETE_TAKES = "DELETE FROM recordings WHERE id = ANY($1)";
  private static final String ARTWORKS = "SELECT share_id, images FROM artworks WHERE share_id > $1 ORDER BY share_id LIMIT $2";
  private static final String GONE = "INSERT INTO gone_shares (share_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING";
  private static final String DELETE_ARTWORKS = "DELETE FROM artworks WHERE share_id = ANY($1)";
  private static final String TOTALS = "SELECT (SELECT count(*) FROM fans) AS fans, (SELECT count(*) FROM subscriptions) AS subscriptions, "
      + "(SELECT count(*) FROM recordings) AS takes, (SELECT count(*) FROM recordings WHERE decision = 'approved') AS approved_takes, "
      + "(SELECT count(*) FROM artworks) AS artworks, (SELECT count(*) FROM contest_entries) AS contest_entries";
  private static final String KEPT_TAKES = "SELECT count(*) FROM recordings r WHERE " + KEPT;
  private static final String DRAW_DONE = "SELECT EXISTS (SELECT 1 FROM contest_draws WHERE seed IS NOT NULL)";

  /** Personal rows, each deleted (or cleared) a slice at a time: name in the audit details, statement. */
  private static final String[][] PERSONAL = {
      {"subscriptions", "DELETE FROM subscriptions WHERE fan_key IN (SELECT fan_key FROM subscriptions LIMIT $1)"},
      {"mailOutbox", "DELETE FROM mail_outbox WHERE id IN (SELECT id FROM mail_outbox LIMIT $1)"},
      {"mailDailyCounts", "DELETE FROM mail_daily_counts WHERE (email, day) IN (SELECT email, day FROM mail_daily_counts LIMIT $1)"},
      {"mailSuppressions", "DELETE FROM mail_suppressions WHERE email IN (SELECT email FROM mail_suppressions LIMIT $1)"},
      {"fanCountries", "UPDATE fans SET country = NULL WHERE fan_key IN (SELECT fan_key FROM fans WHERE country IS NOT NULL LIMIT $1)"}};
  /** Only once the draw is done: until then the entries are what the draw is made of. */
  private static final String[][] AFTER_DRAW = {
      {"contestEntries", "DELETE FROM contest_entries WHERE email IN (SELECT email FROM contest_entries LIMIT $1)"},
      {"drawAddresses", "UPDATE contest_draw_entries SET email = NULL WHERE (draw_id, entry_id) IN "
          + "(SELECT draw_id, entry_id FROM contest_draw_entries WHERE email IS NOT NULL LIMIT $1)"}};

  private final Pool pool;
  private final ObjectStorage storage;

  public Retention(Pool pool, ObjectStorage storage) {
    this.pool = pool;
    this.storage = storage;
  }

  /**
   * One run at {@code now}: null (and nothing touched) when no period is set or it has not passed yet; else the
   * details written to the audit log as {@value #ACTION}: the policy, the totals before, what was deleted, what was kept.
   */
  public Future<JsonObject> run(Instant now) {
    return RetentionPolicy.load(pool).compose(policy -> {
      if (policy == null || !policy.due(now)) return Future.succeededFuture(null);
      JsonObject deleted = new JsonObject().put("takes", 0).put("artworks", 0).put("objects", 0);
      JsonObject details = new JsonObject().put("policy", policy.toJson());
      return totals().compose(before -> {
            details.put("before", before);
            return takes(new UUID(0, 0), deleted); // PostgreSQL orders uuids as unsigned bytes: all zeros is the least
          })
          .compose(v -> artworks("", deleted))
          .compose(v -> slices(PERSONAL, 0, deleted))
          .compose(v -> pool.query(DRAW_DONE).execute())
          .compose(rows -> {
            boolean drawn = rows.iterator().next().getBoolean(0);
            details.put("drawDone", drawn);
            return drawn ? slices(AFTER_DRAW, 0, deleted) : Future.succeededFuture();
          })
          .compose(v -> pool.query(KEPT_TAKES).execute())
          .compose(rows -> {
            details.put("deleted", deleted).put("kept", new JsonObject().put("takesInFinishedMixes", rows.iterator().next().getLong(0)));
            return AuditLog.write(pool, Audit.SYSTEM, ACTION, "retention", details);
          })
          .map(details);
    });
  }

  private Future<JsonObject> totals() {
    return pool.query(TOTALS).execute().map(rows -> {
      Row r = rows.iterator().next();
      JsonObject out = new JsonObject();
      for (String column : new String[] {"fans", "subscriptions", "takes", "approved_takes", "artworks", "contest_entries"}) {
        out.put(column, r.getLong(column));
      }
      return out;
    });
  }

  private Future<Void> takes(UUID after, JsonObject deleted) {
    return pool.preparedQuery(TAKES).execute(Tuple.of(after, BATCH)).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture();
      java.util.Set<String> keys = new java.util.LinkedHashSet<>();
      List<UUID> ids = new ArrayList<>();
      for (Row r : rows) {
        UUID id = r.getUUID("id");
        ids.add(id);
        for (String column : new String[] {"object_key", "upload_key", "producer_key", "preview_key"}) {
          if (r.getString(column) != null) keys.add(r.getString(column));
        }
        keys.add(TakeJobs.previewKey(id)); // written before the row names it, so deleted by its derived name too
      }
      UUID last = ids.get(ids.size() - 1);
      return delete(List.copyOf(keys), deleted)
          .compose(v -> pool.preparedQuery(DELETE_TAKES).execute(Tuple.of(ids.toArray(new UUID[0]))))
          .compose(done -> {
            deleted.put("takes", deleted.getLong("takes") + done.rowCount());
            return rows.size() < BATCH ? Future.succeededFuture() : takes(last, deleted);
          });
    });
  }

  private Future<Void> artworks(String after, JsonObject deleted) {
    return pool.preparedQuery(ARTWORKS).execute(Tuple.of(after, BATCH)).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture();
      List<String> keys = new ArrayList<>();
      List<String> shares = new ArrayList<>();
      for (Row r : rows) {
        shares.add(r.getString("share_id"));
        r.getJsonObject("images").forEach(img -> {
          if (img.getValue() instanceof JsonObject i && i.getString("key") != null) keys.add(i.getString("key"));
        });
      }
      String[] ids = shares.toArray(new String[0]);
      return delete(keys, deleted)
          .compose(v -> pool.withTransaction(tx -> tx.preparedQuery(GONE).execute(Tuple.of((Object) ids))
              .compose(x -> tx.preparedQuery(DELETE_ARTWORKS).execute(Tuple.of((Object) ids)))))
          .compose(done -> {
            deleted.put("artworks", deleted.getLong("artworks") + done.rowCount());
            return rows.size() < BATCH ? Future.succeededFuture() : artworks(ids[ids.length - 1], deleted);
          });
    });
  }

  private Future<Void> delete(List<String> keys, JsonObject deleted) {
    return Future.all(keys.stream().map(storage::delete).toList())
        .onSuccess(v -> deleted.put("objects", deleted.getLong("objects") + keys.size())).mapEmpty();
  }

  /** Each statement of {@code list} from index {@code i}, repeated until a slice comes back short. */
  private Future<Void> slices(String[][] list, int i, JsonObject deleted) {
    if (i == list.length) return Future.succeededFuture();
    String name = list[i][0];
    return slice(list[i][1], name, deleted).compose(v -> slices(list, i + 1, deleted));
  }

  private Future<Void> slice(String sql, String name, JsonObject deleted) {
    return pool.preparedQuery(sql).execute(Tuple.of(ROWS)).compose((RowSet<Row> done) -> {
      deleted.put(name, deleted.getLong(name, 0L) + done.rowCount());
      return done.rowCount() < ROWS ? Future.succeededFuture() : slice(sql, name, deleted);
    });
  }
}
