package chorus.console;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a console deployment of several containers relies on: a session made on one container serves on another
 * (sessions live in Redis), the cookies are Secure when the site is served over https, sign-in failures from one
 * address lock that address whatever accounts it tries, and the audit log refuses to be rewritten.
 */
class ConsoleSessionsTest {
  static Vertx vertx;
  static TestApp a;
  static TestApp b;
  static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    a = TestApp.start(vertx, TestServices.get().config(Map.of()));
    b = TestApp.start(vertx, TestServices.get().config(Map.of()));
    pool = ConsoleFixture.pool(a);
  }

  @AfterAll
  static void stop() {
    b.close();
    a.close();
    vertx.close().await();
  }

  @Test
  void aSessionMadeOnOneContainerServesOnAnotherAndLogoutEndsItOnBoth() {
    ConsoleClient onA = ConsoleFixture.signedIn(a, pool, "moderator");
    ConsoleClient onB = new ConsoleClient(b.client);
    onB.cookies.putAll(onA.cookies);
    assertThat(onB.get("/console/api/takes").statusCode()).as("container B knows A's session").isEqualTo(200);
    assertThat(onB.post("/console/api/logout", null).statusCode()).as("and B's CSRF check accepts A's token").isEqualTo(204);
    assertProblem(onA.get("/console/api/takes"), 401, null);
  }

  @Test
  void overHttpsTheSessionAndCsrfCookiesAreSecure() {
    Vertx other = Vertx.vertx();
    TestApp https = TestApp.start(other, TestServices.get().config(Map.of("publicBaseUrl", "https://chorus.example")));
    try {
      ConsoleClient c = ConsoleFixture.signedIn(https, ConsoleFixture.pool(https), "moderator");
      assertThat(c.setCookieHeaders.get(ConsoleRoutes.SESSION_COOKIE)).containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly");
      assertThat(c.setCookieHeaders.get("XSRF-TOKEN")).containsIgnoringCase("Secure");
    } finally {
      https.close();
      other.close().await();
    }
  }

  @Test
  void failuresFromOneAddressAcrossAccountsLockThatAddressOnly() {
    RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, a.config.string("redis.url")));
    LoginGuard guard = new LoginGuard(redis, 3, 15);
    String ip = "198.18.7." + (1 + new java.util.Random().nextInt(250));
    String bystander = "198.19.7." + (1 + new java.util.Random().nextInt(250));
    long locked = 0;
    int tries = 0;
    while (locked == 0 && tries < 50) {
      // a different account each time, so no account lock hides the address's
      locked = guard.failed("user-" + UUID.randomUUID() + "@agency.test", ip).await();
      tries++;
    }
    assertThat(tries).as("four times the per-account limit from one address").isEqualTo(12);
    assertThat(locked).isEqualTo(15 * 60L);
    assertThat(guard.lockedFor("someone-new@agency.test", ip).await()).isBetween(1L, 15 * 60L);
    assertThat(guard.lockedFor("someone-new@agency.test", bystander).await()).isZero();
    guard.lift(null, ip).await();
    assertThat(guard.lockedFor("someone-new@agency.test", ip).await()).isZero();
  }

  @Test
  void theAuditLogCannotBeRewrittenOrErased() {
    String actor = "auditor-" + UUID.randomUUID() + "@agency.test";
    Audit.write(pool, actor, "test.append-only", null, null).await();
    assertThatThrownBy(() -> pool.preparedQuery("UPDATE console_audit SET action = 'forged' WHERE actor = $1").execute(Tuple.of(actor)).await())
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> pool.preparedQuery("DELETE FROM console_audit WHERE actor = $1").execute(Tuple.of(actor)).await())
        .hasMessageContaining("append-only");
    assertThat(pool.preparedQuery("SELECT action FROM console_audit WHERE actor = $1").execute(Tuple.of(actor)).await().iterator().next()
        .getString(0)).isEqualTo("test.append-only");
  }
}
