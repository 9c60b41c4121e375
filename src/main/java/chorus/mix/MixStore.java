package chorus.mix;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL of the mix tables (migration V8): mixes, mix_takes, mix_jobs, mix_groups, and the alignment columns. */
public final class MixStore {
  private MixStore() {}

  /** A mix's row. */
  public record Mix(UUID id, String stem, JsonObject group, String state, OffsetDateTime cutoffAt, int takeCount, int songSamples,
                    int batch, int fanIn, int jobsTotal, int jobsDone, boolean containsErased, JsonObject result, String error,
                    OffsetDateTime createdAt, OffsetDateTime finishedAt, int missingTakes) {
    static Mix of(Row r) {
      return new Mix(r.getUUID("id"), r.getString("stem"), r.getJsonObject("group_filter"), r.getString("state"),
          r.getOffsetDateTime("cutoff_at"), r.getInteger("take_count"), r.getInteger("song_samples"), r.getInteger("batch"),
          r.getInteger("fan_in"), r.getInteger("jobs_total"), r.getInteger("jobs_done"), r.getBoolean("contains_erased"),
          r.getJsonObject("result"), r.getString("error"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("finished_at"),
          r.getInteger("missing_takes"));
    }

    public MixPlan plan() {
      return MixPlan.of(takeCount, batch, fanIn);
    }
  }

  static final String GROUPS = "SELECT name, team, country, lang FROM mix_groups ORDER BY name";
  static final String GROUP = "SELECT team, country, lang FROM mix_groups WHERE name = $1";
  static final String UPSERT_GROUP = "INSERT INTO mix_groups (name, team, country, lang) VALUES ($1, $2, $3, $4)"
      + " ON CONFLICT (name) DO UPDATE SET team = EXCLUDED.team, country = EXCLUDED.country, lang = EXCLUDED.lang";
  static final String INSERT_MIX = "INSERT INTO mixes (id, stem, group_filter, cutoff_at, take_count, song_samples, batch, fan_in,"
      + " jobs_total, created_by) VALUES ($1, $2, $3, now(), 0, $4, $5, $6, 0, $7) RETURNING cutoff_at";
  /**
   * The takes of a mix, in summation order (by recording id): each approved fan's latest approved take with a
   * producer file, approved by the cut-off, of a fan not erased and in the group. A take whose alignment a
   * person has not confirmed (below the threshold) sits at the browser's offset.
   */
  static final String POSITIONS = "SELECT DISTINCT ON (r.fan_key) r.id, r.producer_key,"
      + " round((CASE WHEN r.needs_review OR r.aligned_offset_ms IS NULL THEN r.offset_ms ELSE r.aligned_offset_ms END) * 48.0)::bigint"
      + "  + coalesce((r.analysis->>'trimStartSamples')::bigint, 0) AS start_sample"
      + " FROM recordings r JOIN fans f ON f.fan_key = r.fan_key AND f.erased_at IS NULL"
      + " LEFT JOIN subscriptions s ON s.fan_key = r.fan_key"
      + " WHERE r.decision = 'approved' AND r.producer_key IS NOT NULL AND r.decided_at <= $2"
      + "  AND ($3::text IS NULL OR s.team = $3) AND ($4::text IS NULL OR r.country = $4) AND ($5::text IS NULL OR s.lang = $5)"
      + " ORDER BY r.fan_key, r.decided_at DESC, r.id";
  static final String CHOOSE_TAKES = "INSERT INTO mix_takes (mix_id, ordinal, recording_id, start_sample, producer_key)"
      + " SELECT $1, (row_number() OVER (ORDER BY t.id) - 1)::int, t.id, t.start_sample, t.producer_key FROM (" + POSITIONS + ") t";
  static final String SET_PLAN = "UPDATE mixes SET take_count = $2, jobs_total = $3 WHERE id = $1";
  static final String INSERT_JOBS = "INSERT INTO mix_jobs (mix_id, level, idx, children)"
      + " SELECT $1, unnest($2::int[]), unnest($3::int[]), unnest($4::int[])";
  static final String FIND = "SELECT * FROM mixes WHERE id = $1";
  static final String RECENT = "SELECT * FROM mixes ORDER BY created_at DESC, id LIMIT $1";
  static final String TAKES = "SELECT recording_id, start_sample, producer_key FROM mix_takes WHERE mix_id = $1"
      + " AND ordinal >= $2 AND ordinal < $3 ORDER BY ordinal";
  /** Marks the leaf's takes whose producer file was gone (once each, whatever the retries) and counts them on the mix. */
  static final String MISSING = "WITH m AS (UPDATE mix_takes SET missing = true WHERE mix_id = $1 AND recording_id = ANY($2) AND NOT missing"
      + " RETURNING 1) UPDATE mixes SET missing_takes = missing_takes + (SELECT count(*) FROM m) WHERE id = $1";
  static final String JOB_DONE = "UPDATE mix_jobs SET done_at = now(), done_by = $4 WHERE mix_id = $1 AND level = $2 AND idx = $3"
      + " AND done_at IS NULL RETURNING 1";
  static final String COUNT_DONE = "UPDATE mixes SET jobs_done = jobs_done + 1, state = CASE WHEN state = 'queued' THEN 'running' ELSE state END,"
      + " started_at = coalesce(started_at, now()) WHERE id = $1";
  static final String CHILD_DONE = "UPDATE mix_jobs SET children_done = children_done + 1 WHERE mix_id = $1 AND level = $2 AND idx = $3"
      + " RETURNING children_done = children";
  static final String FINISH = "UPDATE mixes SET state = 'done', result = $2, finished_at = now() WHERE id = $1";
  static final String FAIL = "UPDATE mixes SET state = 'failed', error = $2, finished_at = now() WHERE id = $1 AND state <> 'done'";
  static final String ALIGN = "UPDATE recordings SET aligned_offset_ms = $2, align_confidence = $3, align_method = $4,"
      + " needs_review = $5 WHERE id = $1 AND align_method IS DISTINCT FROM 'nudge'";
  static final String NUDGE = "UPDATE recordings SET aligned_offset_ms = (CASE WHEN needs_review OR aligned_offset_ms IS NULL"
      + " THEN offset_ms ELSE aligned_offset_ms END) + $2, nudge_ms = coalesce(nudge_ms, 0) + $2, align_method = 'nudge',"
      // the preview is rendered again at the new offset: none is listed until it is (the old object is overwritten)
      + " needs_review = false, preview_key = NULL WHERE id = $1 AND decision = 'approved' RETURNING aligned_offset_ms";
  private static final String ALIGNMENT_COLUMNS = "SELECT id, decision, offset_ms, aligned_offset_ms, align_confidence, align_method,"
      + " needs_review, nudge_ms, preview_key FROM recordings";
  static final String ALIGNMENT = ALIGNMENT_COLUMNS + " WHERE id = $1";
  /** Along the partial index of the takes marked for a person. */
  static final String NEEDS_REVIEW = ALIGNMENT_COLUMNS + " WHERE needs_review AND decision = 'approved' ORDER BY completed_at, id LIMIT $1";

  public static Future<Mix> find(SqlClient sql, UUID id) {
    return sql.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : Mix.of(rows.iterator().next()));
  }

  public static Future<List<Mix>> recent(SqlClient sql, int limit) {
    return sql.preparedQuery(RECENT).execute(Tuple.of(limit)).map(rows -> {
      List<Mix> out = new ArrayList<>();
      rows.forEach(r -> out.add(Mix.of(r)));
      return out;
    });
  }

  public static Future<List<MixInput>> takes(SqlClient sql, UUID mix, int from, int to) {
    return sql.preparedQuery(TAKES).execute(Tuple.of(mix, from, to)).map(rows -> {
      List<MixInput> out = new ArrayList<>();
      for (Row r : rows) out.add(new MixInput(new MixTake(r.getUUID(0), r.getLong(1)), r.getString(2)));
      return out;
    });
  }

  static boolean returnedTrue(RowSet<Row> rows) {
    return rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getValue(0));
  }
}
