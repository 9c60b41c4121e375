package chorus.http;

import io.vertx.pgclient.PgException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure means a dependency (PostgreSQL, Redis, storage, the bus) did not answer in time or could
 * not be reached: that is a 503 with {@code Retry-After} for the client, not a 500. Looks through the cause
 * chain, so an SDK or client wrapper around a refused connection counts too.
 */
final class Outages {
  /** Vert.x and Netty exception types that only ever mean "no connection" or "no answer in time". */
  private static final Set<String> TYPES = Set.of("ClosedConnectionException", "NoStackTraceTimeoutException",
      "ConnectTimeoutException", "AnnotatedConnectException", "RedisConnectException");
  /** Messages of the generic {@code VertxException} that pools and clients use for the same. */
  private static final Set<String> MESSAGES = Set.of("Timeout waiting for connection", "Connection closed",
      "Connection was closed", "Pool closed", "Client is closed", "Timed out waiting for a connection",
      // the SQL client's NoStackTraceThrowable when a connection could not be had in time
      "Timeout");

  private Outages() {}

  static boolean isOutage(Throwable failure) {
    for (Throwable t = failure, seen = null; t != null && t != seen; seen = t, t = t.getCause()) {
      // SocketException covers a refused connect and a connection reset by a dependency that went away
      if (t instanceof SocketException || t instanceof TimeoutException || t instanceof ClosedChannelException) return true;
      if (TYPES.contains(t.getClass().getSimpleName())) return true;
      if (t.getMessage() != null && MESSAGES.contains(t.getMessage())) return true;
      if (t instanceof PgException pg && pg.getSqlState() != null && unavailable(pg.getSqlState())) return true;
    }
    return false;
  }

  /** Connection exceptions (08), statement timeout (57014), shutting down or starting up (57P01-57P03), too many connections. */
  private static boolean unavailable(String state) {
    return state.startsWith("08") || state.equals("57014") || state.startsWith("57P0") || state.equals("53300");
  }
}
