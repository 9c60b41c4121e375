package chorus.console;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Console sign-in, sessions, CSRF, roles and lockouts, against the real app on PostgreSQL and Redis. */
class ConsoleAuthTest {
  static Vertx vertx;
  static TestApp app;
  static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of("console.idleSeconds", 5, "console.loginAttempts", 3)));
    pool = ConsoleFixture.pool(app);
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  @Test
  void signInSetsAStrictHttpOnlySessionCookieAndTheOneTimePasswordMustBeChanged() {
    String email = ConsoleFixture.newEmail("moderator");
    MemberAccounts.Issued issued = MemberAccounts.add(vertx, pool, Audit.CLI, email, "moderator").await();
    ConsoleClient c = new ConsoleClient(app.client);
    var login = c.login(email.toUpperCase(), issued.password());
    assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
    assertThat(login.bodyAsJsonObject().getJsonObject("member").getString("role")).isEqualTo("moderator");
    String cookie = c.setCookieHeaders.get(ConsoleRoutes.SESSION_COOKIE);
    assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/console")
        .doesNotContainIgnoringCase("Secure");
    assertThat(c.setCookieHeaders.get("XSRF-TOKEN")).containsIgnoringCase("SameSite=Strict");
    assertProblem(c.get("/console/api/takes"), 403, null);
    assertThat(c.get("/console/api/takes").bodyAsJsonObject().getString("type")).endsWith("password-change-required");
    assertThat(c.post("/console/api/password", new JsonObject().put("current", issued.password()).put("password", "short"))
        .statusCode()).isEqualTo(400);
    assertThat(c.post("/console/api/password", new JsonObject().put("current", issued.password()).put("password", ConsoleFixture.PASSWORD))
        .statusCode()).isEqualTo(204);
    assertThat(c.get("/console/api/takes").statusCode()).isEqualTo(200);
    ConsoleClient again = new ConsoleClient(app.client);
    assertThat(again.login(email, issued.password()).statusCode()).isEqualTo(401);
    assertThat(again.login(email, ConsoleFixture.PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  void thePageIsServedUncachedWithItsOwnPolicy() {
    var page = app.client.get("/console/").send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("<title>Chorus console</title>");
    assertThat(page.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(page.getHeader("Content-Security-Policy")).contains("script-src 'self'").contains("media-src 'self' http://127.0.0.1:")
        .doesNotContain("unsafe");
    assertThat(app.client.get("/console/console.js").send().await().bodyAsString()).contains("X-XSRF-TOKEN");
    assertThat(app.client.get("/console/i18n/en.json").send().await().bodyAsJsonObject().getString("title")).isEqualTo("Chorus console");
    var bare = app.client.get("/console").followRedirects(false).send().await();
    assertThat(bare.statusCode()).isEqualTo(302);
    assertThat(bare.getHeader("Location")).isEqualTo("/console/");
  }

  @Test
  void everyConsoleCallWithoutASessionIs401() {
    ConsoleClient c = new ConsoleClient(app.client);
    assertThat(c.get("/console/api/session").bodyAsJsonObject().getBoolean("signedIn")).isFalse();
    for (String path : List.of("/console/api/takes", "/console/api/audit", "/console/api/stats", "/console/api/members", "/console/api/names")) {
      assertProblem(c.get(path), 401, null);
    }
    assertProblem(c.post("/console/api/logout", null), 401, null);
  }

  @Test
  void stateChangingCallsWithoutTheCsrfTokenAre403() {
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    assertProblem(admin.postWithoutToken("/console/api/members", new JsonObject().put("email", "x@agency.test").put("role", "moderator")), 403, null);
    assertThat(Members.byEmail(pool, "x@agency.test").await()).isNull();
    ConsoleClient fresh = new ConsoleClient(app.client);
    fresh.get("/console/api/session");
    assertProblem(fresh.postWithoutToken("/console/api/login", new JsonObject().put("email", admin.email).put("password", ConsoleFixture.PASSWORD)), 403, null);
    // a token not signed by the server does not do either, nor one that differs from the cookie
    String token = fresh.cookies.get("XSRF-TOKEN");
    fresh.cookies.put("XSRF-TOKEN", token.substring(0, token.lastIndexOf('.') + 1) + "forged");
    assertProblem(fresh.post("/console/api/login", new JsonObject().put("email", admin.email).put("password", ConsoleFixture.PASSWORD)), 403, null);
    var mismatch = app.client.post("/console/api/login").putHeader("Cookie", "XSRF-TOKEN=" + token).putHeader("X-XSRF-TOKEN", token + "x")
        .sendJsonObject(new JsonObject().put("email", admin.email).put("password", ConsoleFixture.PASSWORD)).await();
    assertProblem(mismatch, 403, null);
  }

  @Test
  void aModeratorGets403OnAdminCallsAndNoEmails() {
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    assertProblem(mod.get("/console/api/members"), 403, null);
    assertProblem(mod.get("/console/api/audit"), 403, null);
    assertProblem(mod.post("/console/api/members", new JsonObject().put("email", "y@agency.test").put("role", "admin")), 403, null);
    assertThat(Members.byEmail(pool, "y@agency.test").await()).isNull();
  }

  @Test
  void anAdminAddsAMemberAndEveryStepIsAudited() {
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    String email = ConsoleFixture.newEmail("moderator");
    var added = admin.post("/console/api/members", new JsonObject().put("email", email).put("role", "moderator"));
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);
    assertThat(added.bodyAsJsonObject().getString("oneTimePassword")).hasSize(20);
    assertProblem(admin.post("/console/api/members", new JsonObject().put("email", email).put("role", "moderator")), 409, null);
    var audit = admin.get("/console/api/audit?target=" + email).bodyAsJsonObject().getJsonArray("entries");
    assertThat(audit.getJsonObject(0).getString("action")).isEqualTo("member.add");
    assertThat(audit.getJsonObject(0).getString("actor")).isEqualTo(admin.email);
    var logins = admin.get("/console/api/audit?action=login&actor=" + admin.email).bodyAsJsonObject().getJsonArray("entries");
    assertThat(logins).isNotEmpty();
    assertThat(logins.getJsonObject(0).getString("action")).isEqualTo("login");
    assertProblem(admin.get("/console/api/audit?from=yesterday"), 400, null);
  }

  @Test
  void repeatedFailuresLockTheAccountWith429AndAnAdminLiftsIt() {
    ConsoleClient victim = ConsoleFixture.signedIn(app, pool, "moderator");
    ConsoleClient attacker = new ConsoleClient(app.client);
    for (int i = 0; i < 3; i++) assertProblem(attacker.login(victim.email, "guess" + i), 401, null);
    var locked = attacker.login(victim.email, ConsoleFixture.PASSWORD);
    assertProblem(locked, 429, null);
    assertThat(Long.parseLong(locked.getHeader("Retry-After"))).isBetween(1L, 15 * 60L);
    assertThat(new ConsoleClient(app.client).login(victim.email, ConsoleFixture.PASSWORD).statusCode()).isEqualTo(429);
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    assertThat(admin.post("/console/api/lockouts/lift", new JsonObject().put("email", victim.email)).statusCode()).isEqualTo(204);
    assertThat(new ConsoleClient(app.client).login(victim.email, ConsoleFixture.PASSWORD).statusCode()).isEqualTo(200);
    var failures = admin.get("/console/api/audit?action=login.failed&target=" + victim.email).bodyAsJsonObject().getJsonArray("entries");
    assertThat(failures).hasSize(3);
  }

  @Test
  void anIdleSessionExpiresAndLogoutEndsIt() throws Exception {
    ConsoleClient c = ConsoleFixture.signedIn(app, pool, "moderator");
    assertThat(c.get("/console/api/takes").statusCode()).isEqualTo(200);
    Thread.sleep(6_500);
    assertProblem(c.get("/console/api/takes"), 401, null);
    ConsoleClient d = ConsoleFixture.signedIn(app, pool, "moderator");
    assertThat(d.post("/console/api/logout", null).statusCode()).isEqualTo(204);
    assertProblem(d.get("/console/api/takes"), 401, null);
  }

  @Test
  void aDisabledMemberIsSignedOutAtOnce() {
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    String id = Members.byEmail(pool, mod.email).await().id().toString();
    assertThat(admin.post("/console/api/members/" + id, new JsonObject().put("disabled", true)).statusCode()).isEqualTo(200);
    assertProblem(mod.get("/console/api/takes"), 401, null);
  }
}
