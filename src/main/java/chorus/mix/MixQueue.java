package chorus.mix;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

/**
 * How the mix puts its jobs on the shared job queue: inside the caller's transaction, at most once per
 * {@code dedupeKey} (null: no dedupe); {@link #wake} after the commit tells idle workers.
 */
public interface MixQueue {
  Future<Void> enqueue(SqlClient tx, String kind, JsonObject payload, String dedupeKey);

  void wake(String kind);
}
