package chorus.console;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;

/** The stats queries for the benchmark, which lives in another package. */
public final class StatsProbe {
  private StatsProbe() {}

  public static Future<JsonObject> compute(Pool pool, String bucket, OffsetDateTime since) {
    return Stats.compute(pool, bucket, since);
  }
}
