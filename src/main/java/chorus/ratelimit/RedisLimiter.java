package chorus.ratelimit;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * Checks buckets in Redis with one {@code EVALSHA}; when Redis has lost the script (restart, failover,
 * {@code SCRIPT FLUSH}) it answers NOSCRIPT, and the check is sent once more as {@code EVAL}, which
 * also caches the script again.
 *
 * <p>All checks are pipelined on one long-lived connection taken from the client: a pooled
 * request-per-connection would cap the checks in flight at the pool size and queue the rest. A closed
 * or broken connection is dropped and the next command opens a new one.
 */
final class RedisLimiter {

  private final Redis redis;
  private final GcraScript script;
  private Future<RedisConnection> connection; // guarded by this

  RedisLimiter(Redis redis, GcraScript script) {
    this.redis = redis;
    this.script = script;
  }

  Future<Decision> check(List<Bucket> buckets) {
    return send(script.evalsha(buckets))
        .recover(err -> isNoScript(err) ? send(script.eval(buckets)) : Future.failedFuture(err))
        .map(reply -> GcraScript.parse(buckets, reply));
  }

  /** Opens the connection and caches the script in Redis ahead of the first check. */
  Future<Response> loadScript() {
    return send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script.source()));
  }

  Future<Response> ping() {
    return send(Request.cmd(Command.PING));
  }

  private Future<Response> send(Request request) {
    return connection().compose(c -> c.send(request));
  }

  private synchronized Future<RedisConnection> connection() {
    if (connection == null || connection.failed()) {
      Future<RedisConnection> opening = redis.connect();
      connection = opening;
      opening.onSuccess(c -> {
        c.exceptionHandler(err -> reset(opening));
        c.endHandler(v -> reset(opening));
      });
    }
    return connection;
  }

  /** Closes the current connection (e.g. after a time-out: it may be stuck) so that the next command reconnects. */
  synchronized void reset() {
    if (connection != null) reset(connection);
  }

  private synchronized void reset(Future<RedisConnection> which) {
    if (connection != which) return;
    connection = null;
    which.onSuccess(RedisConnection::close);
  }

  static boolean isNoScript(Throwable err) {
    String message = err.getMessage();
    return message != null && message.startsWith("NOSCRIPT");
  }
}
