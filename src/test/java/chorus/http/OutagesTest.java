package chorus.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The failures seen in bench/system when a dependency was hung, restarted or away are outages (503), bugs are not. */
class OutagesTest {

  @Test
  void dependencyTimeoutsAndLostConnectionsAreOutages() {
    assertThat(Outages.isOutage(new NoStackTraceThrowable("Timeout"))).isTrue();
    assertThat(Outages.isOutage(new VertxException("Timeout waiting for connection"))).isTrue();
    assertThat(Outages.isOutage(new SocketException("Connection reset"))).isTrue();
    assertThat(Outages.isOutage(new CompletionException(new ConnectException("Connection refused")))).isTrue();
    assertThat(Outages.isOutage(new PgException("canceling statement due to statement timeout", "ERROR", "57014", null))).isTrue();
    assertThat(Outages.isOutage(new PgException("the database system is shutting down", "FATAL", "57P03", null))).isTrue();
  }

  @Test
  void programmingErrorsAndDataErrorsAreNot() {
    assertThat(Outages.isOutage(new NullPointerException())).isFalse();
    assertThat(Outages.isOutage(new IllegalStateException("Timeout is not a word here"))).isFalse();
    assertThat(Outages.isOutage(new PgException("duplicate key value violates unique constraint", "ERROR", "23505", null))).isFalse();
  }
}
