package chorus.jobs;

import chorus.core.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * All SQL of the {@code jobs} table (migration V4): the durable queue every container takes background work
 * from. Enqueue inside the caller's transaction ({@link #enqueue(SqlClient, String, JsonObject, JobOptions)},
 * static: a feature needs no queue object for it), then {@link #wake(Vertx, String)} after the commit. Claims lease jobs
 * with the {@link LeasedTable} protocol, by priority then due time; a running job's {@code run_at} is its
 * lease end, so a job whose container died is due again once the lease runs out.
 */
public final class JobQueue {
  static final LeasedTable JOBS = new LeasedTable("jobs", "state IN ('queued', 'running')", "state = 'running'",
      "run_at", "priority, run_at, id");

  private static final String ENQUEUE = "INSERT INTO jobs (kind, payload, priority, max_attempts, run_at, dedupe_key)"
      + " VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), $6)"
      + " ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id";
  private static final String BY_DEDUPE_KEY = "SELECT id FROM jobs WHERE dedupe_key = $1";
  static final String CLAIM = JOBS.claim(" AND kind = ANY($4)",
      ", state = 'running', run_at = now() + make_interval(secs => $2), heartbeat_at = now(),"
          + " last_error = CASE WHEN t.state = 'running' THEN 'lease of ' || t.lease_owner || ' ran out' ELSE t.last_error END",
      "t.id, t.kind, t.payload, t.priority, t.attempts, t.max_attempts, t.created_at");
  private static final String HEARTBEAT = "UPDATE jobs SET lease_until = now() + make_interval(secs => $3),"
      + " run_at = now() + make_interval(secs => $3), heartbeat_at = now()"
      + " WHERE id = ANY($1) AND lease_owner = $2 AND state = 'running' RETURNING id";
  private static final String COMPLETE = JOBS.fenced("state = 'done', finished_at = now(), lease_until = NULL, last_error = NULL");
  private static final String FAIL = JOBS.fenced(
      "state = CASE WHEN $4 OR attempts >= max_attempts THEN 'dead' ELSE 'queued' END,"
          + " finished_at = CASE WHEN $4 OR attempts >= max_attempts THEN now() END,"
          + " run_at = now() + make_interval(secs => $5), lease_until = NULL, last_error = $6") + " RETURNING state";
  private static final String RELEASE = "UPDATE jobs SET state = 'queued', run_at = now(), lease_until = NULL, lease_owner = NULL,"
      + " attempts = greatest(attempts - 1, 0) WHERE id = ANY($1) AND lease_owner = $2 AND state = 'running'";
  private static final String DEPTH = "SELECT kind, state, count(*)::int AS jobs,"
      + " coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE state = 'queued' AND run_at <= now())), 0)::float8 AS oldest"
      + " FROM jobs WHERE state <> 'done' GROUP BY kind, state";

  /** Jobs of one kind in one state, and for queued ones how long the oldest due job has waited. */
  public record Depth(String kind, String state, int jobs, double oldestSeconds) {}

  private final Vertx vertx;
  private final Pool pool;

  public JobQueue(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /**
   * Adds a job within {@code sql} (a transaction or the pool). Answers the job's id; with a dedupe key that
   * is taken already, the existing job's id and nothing is added. Call {@link #wake} after the commit.
   */
  public static Future<Long> enqueue(SqlClient sql, String kind, JsonObject payload, JobOptions options) {
    Tuple args = Tuple.of(kind, payload == null ? new JsonObject() : payload, options.priority(), options.maxAttempts(),
        options.delay().toMillis() / 1000.0, options.dedupeKey());
    return sql.preparedQuery(ENQUEUE).execute(args).compose(rows -> {
      if (rows.size() > 0) return Future.succeededFuture(rows.iterator().next().getLong(0));
      return sql.preparedQuery(BY_DEDUPE_KEY).execute(Tuple.of(options.dedupeKey())).map(found -> {
        if (found.size() == 0) throw new IllegalStateException("job with dedupe key " + options.dedupeKey() + " is not visible yet");
        return found.iterator().next().getLong(0);
      });
    });
  }

  /** Adds a job outside any transaction and wakes the workers of this container. */
  public Future<Long> enqueue(String kind, JsonObject payload, JobOptions options) {
    return enqueue(pool, kind, payload, options).onSuccess(id -> wake(kind));
  }

  /** Tells this container's job workers that work was committed (other containers find it by polling). */
  public void wake(String kind) {
    wake(vertx, kind);
  }

  /** The same, for code that holds no queue: call it after the commit of a transaction that enqueued. */
  public static void wake(Vertx vertx, String kind) {
    vertx.eventBus().publish(Addresses.JOBS_WAKE, kind);
  }

  /** Claims up to {@code limit} due jobs of the given kinds for {@code owner}, leased for {@code leaseSeconds}. */
  public Future<List<Job>> claim(Collection<String> kinds, int limit, int leaseSeconds, String owner) {
    Tuple args = Tuple.of(limit, (double) leaseSeconds, owner, kinds.toArray(new String[0]));
    return pool.preparedQuery(CLAIM).execute(args).map(rows -> {
      List<Job> jobs = new ArrayList<>(rows.size());
      for (Row r : rows) {
        Object payload = r.getValue("payload");
        jobs.add(new Job(r.getLong("id"), r.getString("kind"), payload instanceof JsonObject j ? j : new JsonObject(),
            r.getInteger("priority"), r.getInteger("attempts"), r.getInteger("max_attempts"),
            r.getOffsetDateTime("created_at").toInstant()));
      }
      jobs.sort((a, b) -> a.priority() != b.priority() ? Integer.compare(a.priority(), b.priority()) : Long.compare(a.id(), b.id()));
      return jobs;
    });
  }

  /** Extends the leases of {@code owner}'s running jobs; answers the ids it still holds (a missing one was lost). */
  public Future<Set<Long>> heartbeat(Collection<Long> ids, String owner, int leaseSeconds) {
    if (ids.isEmpty()) return Future.succeededFuture(Set.of());
    return pool.preparedQuery(HEARTBEAT).execute(Tuple.of(ids.toArray(new Long[0]), owner, (double) leaseSeconds)).map(rows -> {
      Set<Long> held = new HashSet<>();
      for (Row r : rows) held.add(r.getLong(0));
      return held;
    });
  }

  /** Marks the job done; false when this claim no longer held it (its lease ran out and another took it). */
  public Future<Boolean> complete(Job job, String owner) {
    return pool.preparedQuery(COMPLETE).execute(Tuple.of(job.id(), owner, job.attempt())).map(r -> r.rowCount() > 0);
  }

  /**
   * Fails this attempt: the job is queued again after {@code retryDelayMillis}, or dead when {@code permanent}
   * or out of attempts. Answers the new state ({@code queued} or {@code dead}); null when the claim no longer
   * held the job.
   */
  public Future<String> fail(Job job, String owner, String error, boolean permanent, long retryDelayMillis) {
    Tuple args = Tuple.of(job.id(), owner, job.attempt(), permanent, retryDelayMillis / 1000.0, clip(error));
    return pool.preparedQuery(FAIL).execute(args).map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /** Gives running jobs back at once (graceful stop): due now for anyone, the interrupted attempt not counted. */
  public Future<Integer> release(Collection<Long> ids, String owner) {
    if (ids.isEmpty()) return Future.succeededFuture(0);
    return pool.preparedQuery(RELEASE).execute(Tuple.of(ids.toArray(new Long[0]), owner)).map(r -> r.rowCount());
  }

  /** Queue depth by kind and state (all but done), with the age of the oldest due job of each kind. */
  public Future<List<Depth>> depth() {
    return pool.query(DEPTH).execute().map(rows -> {
      List<Depth> out = new ArrayList<>();
      for (Row r : rows) out.add(new Depth(r.getString("kind"), r.getString("state"), r.getInteger("jobs"), r.getDouble("oldest")));
      return out;
    });
  }

  static String clip(String s) {
    if (s == null) return null;
    return s.length() > 2000 ? s.substring(0, 2000) : s;
  }
}
