package chorus.mail;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SNS messages already acted on, by MessageId, so a redelivered or replayed message is acted on once.
 * Ids are kept {@link #KEEP_HOURS} hours: messages older than {@link SnsVerifier#MAX_AGE} are refused anyway.
 */
final class SnsMessages {
  static final int KEEP_HOURS = 2;
  private static final String FIRST_TIME = "INSERT INTO sns_messages (message_id) VALUES ($1) ON CONFLICT (message_id) DO NOTHING";
  private static final String FORGET = "DELETE FROM sns_messages WHERE message_id = $1";
  private static final String EXPIRE = "DELETE FROM sns_messages WHERE received_at < now() - make_interval(hours => " + KEEP_HOURS + ")";
  private static final long EXPIRE_EVERY_MS = 60_000;

  private final Pool pool;
  private final AtomicLong lastExpiry = new AtomicLong();

  SnsMessages(Pool pool) {
    this.pool = pool;
  }

  /** True the first time this id is seen (it is recorded now); false for a message already taken. */
  Future<Boolean> firstTime(String messageId) {
    long now = System.currentTimeMillis();
    long last = lastExpiry.get();
    Future<?> expired = now - last > EXPIRE_EVERY_MS && lastExpiry.compareAndSet(last, now)
        ? pool.query(EXPIRE).execute() : Future.succeededFuture();
    return expired.compose(v -> pool.preparedQuery(FIRST_TIME).execute(Tuple.of(messageId))).map(rows -> rows.rowCount() == 1);
  }

  /** Acting on the message failed: SNS will deliver it again, and then it must be taken. */
  Future<Void> forget(String messageId) {
    return pool.preparedQuery(FORGET).execute(Tuple.of(messageId)).mapEmpty();
  }
}
