package chorus.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Fans, subscriptions and completed takes written straight into the database, as the fan side would leave them. */
final class ConsoleData {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ConsoleData() {}

  static Buffer fan(Pool pool, String country) {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    Buffer fan = Buffer.buffer(key);
    pool.preparedQuery("INSERT INTO fans (fan_key, country) VALUES ($1, $2)").execute(Tuple.of(fan, country)).await();
    return fan;
  }

  static String subscribe(Pool pool, Buffer fan, String lang, String team, boolean confirmed) {
    String email = "fan-" + UUID.randomUUID() + "@example.test";
    pool.preparedQuery("INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter, newsletter_confirmed_at) "
        + "VALUES ($1, $2, 'Fan', $3, $4, true, CASE WHEN $5 THEN now() END)").execute(Tuple.of(fan, email, team, lang, confirmed)).await();
    return email;
  }

  static UUID take(Pool pool, Buffer fan, String verdict, OffsetDateTime completedAt) {
    UUID id = UUID.randomUUID();
    JsonObject analysis = new JsonObject().put("loudnessLufs", -18.5).put("peakDbfs", -1.2).put("voicedRatio", 0.8);
    pool.preparedQuery("INSERT INTO recordings (id, fan_key, object_key, content_type, bytes, duration_ms, status, detected, completed_at, "
        + "verdict, analysis, producer_key, offset_ms) VALUES ($1, $2, $3, 'audio/webm', 4, 12000, 'complete', 'audio/webm', $4, $5, $6, $7, 120)")
        .execute(Tuple.from(new Object[] {id, fan, "recordings/" + id + ".webm", completedAt, verdict, analysis, "producer/" + id + ".flac"}))
        .await();
    return id;
  }

  static String team() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }
}
