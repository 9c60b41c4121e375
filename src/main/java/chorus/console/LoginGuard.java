package chorus.console;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Sign-in throttling in Redis, shared by every container: failed attempts are counted per account and per
 * client IP over the lockout window; reaching the limit locks that account or address for the window. An
 * admin can lift a lock. Account keys hold a hash of the address, never the address.
 */
public final class LoginGuard {
  private static final String PREFIX = "chorus:console:";
  private final RedisAPI redis;
  private final int accountAttempts;
  private final int ipAttempts;
  private final int lockSeconds;

  public LoginGuard(RedisAPI redis, int accountAttempts, int lockMinutes) {
    this.redis = redis;
    this.accountAttempts = accountAttempts;
    this.ipAttempts = accountAttempts * 4;
    this.lockSeconds = lockMinutes * 60;
  }

  /** Seconds until the account or the address is unlocked, or 0 when neither is locked. */
  public Future<Long> lockedFor(String email, String ip) {
    return Future.all(redis.ttl(lockKey("acct", account(email))), redis.ttl(lockKey("ip", ip)))
        .map(all -> Math.max(ttl(all.resultAt(0)), ttl(all.resultAt(1))));
  }

  /** Counts a failed attempt; the future holds the seconds of a lock it set, or 0. */
  public Future<Long> failed(String email, String ip) {
    return Future.all(count("acct", account(email), accountAttempts), count("ip", ip, ipAttempts))
        .map(all -> Math.max(all.<Long>resultAt(0), all.<Long>resultAt(1)));
  }

  /** A successful sign-in forgets the account's failures (not the address's). */
  public Future<Void> succeeded(String email) {
    return redis.del(List.of(failKey("acct", account(email)))).mapEmpty();
  }

  /** Lifts the lock and failure count of an account, an address, or both (either may be null). */
  public Future<Void> lift(String email, String ip) {
    List<String> keys = new java.util.ArrayList<>();
    if (email != null) keys.addAll(List.of(lockKey("acct", account(email)), failKey("acct", account(email))));
    if (ip != null) keys.addAll(List.of(lockKey("ip", ip), failKey("ip", ip)));
    return keys.isEmpty() ? Future.succeededFuture() : redis.del(keys).mapEmpty();
  }

  private Future<Long> count(String kind, String id, int limit) {
    String key = failKey(kind, id);
    return redis.incr(key).compose(n -> {
      long count = n.toLong();
      Future<?> expire = count == 1 ? redis.expire(List.of(key, String.valueOf(lockSeconds))) : Future.succeededFuture();
      if (count < limit) return expire.map(v -> 0L);
      return expire.compose(v -> redis.set(List.of(lockKey(kind, id), "1", "EX", String.valueOf(lockSeconds))))
          .compose(v -> redis.del(List.of(key))).map(v -> (long) lockSeconds);
    });
  }

  private static long ttl(Response r) {
    return r == null ? 0 : Math.max(0, r.toLong());
  }

  private static String lockKey(String kind, String id) {
    return PREFIX + "lock:" + kind + ":" + id;
  }

  private static String failKey(String kind, String id) {
    return PREFIX + "fail:" + kind + ":" + id;
  }

  static String account(String email) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(Members.normalize(email).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
