package chorus.mix;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * A stand-in for the shared job queue where the test drives the jobs itself, one at a time: enqueued jobs are
 * kept in order, once per dedupe key. (The shared queue's own tests cover leases, retries and crashes.)
 */
final class ListQueue implements MixQueue {
  record Entry(String kind, JsonObject payload) {}

  final Deque<Entry> jobs = new ArrayDeque<>();
  private final Set<String> keys = new HashSet<>();
  int wakes;

  @Override
  public synchronized Future<Void> enqueue(SqlClient tx, String kind, JsonObject payload, String dedupeKey) {
    if (dedupeKey == null || keys.add(dedupeKey)) jobs.add(new Entry(kind, payload));
    return Future.succeededFuture();
  }

  @Override
  public synchronized void wake(String kind) {
    wakes++;
  }

  synchronized Entry next() {
    return jobs.poll();
  }

  /** Runs every job, including those the jobs enqueue, until none is left; answers how many ran. */
  int drain(MixWorker worker) throws Exception {
    int n = 0;
    for (Entry e; (e = next()) != null; n++) worker.run(e.payload(), false);
    return n;
  }
}
