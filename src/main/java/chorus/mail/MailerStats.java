package chorus.mail;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one mailer did and where its time went: in the database (claim, daily count, mark), composing, and
 * in the transport (SMTP). The benchmark reads these to separate per-message overhead from SMTP time.
 */
public final class MailerStats {
  public final LongAdder claims = new LongAdder();
  public final LongAdder claimed = new LongAdder();
  public final LongAdder sent = new LongAdder();
  public final LongAdder retried = new LongAdder();
  public final LongAdder failed = new LongAdder();
  public final LongAdder skipped = new LongAdder();
  public final LongAdder claimNanos = new LongAdder();
  public final LongAdder countNanos = new LongAdder();
  public final LongAdder composeNanos = new LongAdder();
  public final LongAdder sendNanos = new LongAdder();
  public final LongAdder markNanos = new LongAdder();

  public JsonObject toJson() {
    return new JsonObject().put("claims", claims.sum()).put("claimed", claimed.sum()).put("sent", sent.sum())
        .put("retried", retried.sum()).put("failed", failed.sum()).put("skipped", skipped.sum())
        .put("claimMs", claimNanos.sum() / 1e6).put("countMs", countNanos.sum() / 1e6)
        .put("composeMs", composeNanos.sum() / 1e6).put("sendMs", sendNanos.sum() / 1e6).put("markMs", markNanos.sum() / 1e6);
  }
}
