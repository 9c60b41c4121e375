package chorus.console;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retention policy in the console: admins only, CSRF-checked, validated, audited as settings.retention. The dates
 * here lie far ahead: this database is shared with other tests, and a period already over would let the retention
 * job empty it.
 */
class RetentionSettingsTest {
  static Vertx vertx;
  static TestApp app;
  static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of()));
    pool = ConsoleFixture.pool(app);
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  @Test
  void anAdminSetsTheEndDateAndPeriodAndTheChangeIsAudited() {
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    var before = admin.get("/console/api/settings/retention");
    assertThat(before.statusCode()).as(before.bodyAsString()).isEqualTo(200);
    assertThat(before.bodyAsJsonObject().getJsonObject("suggested").getString("endDate")).isEqualTo("2027-01-31");
    assertThat(before.bodyAsJsonObject().getJsonObject("suggested").getInteger("retentionDays")).isEqualTo(90);

    var set = admin.put("/console/api/settings/retention", new JsonObject().put("endDate", "2099-06-30").put("retentionDays", 30));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    JsonObject policy = set.bodyAsJsonObject().getJsonObject("policy");
    assertThat(policy.getString("endDate")).isEqualTo("2099-06-30");
    assertThat(policy.getString("dueAt")).isEqualTo("2099-07-30T00:00:00Z");
    assertThat(admin.get("/console/api/settings/retention").bodyAsJsonObject().getJsonObject("policy")).isEqualTo(policy);

    var audit = admin.get("/console/api/audit?action=settings.retention&actor=" + admin.email).bodyAsJsonObject().getJsonArray("entries");
    assertThat(audit).hasSize(1);
    assertThat(audit.getJsonObject(0).getJsonObject("details").getJsonObject("to").getString("endDate")).isEqualTo("2099-06-30");
  }

  @Test
  void aBadDateOrPeriodIsA400() {
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    assertProblem(admin.put("/console/api/settings/retention", new JsonObject().put("endDate", "2099-02-30").put("retentionDays", 30)), 400, "endDate");
    assertProblem(admin.put("/console/api/settings/retention", new JsonObject().put("endDate", "2099-02-01").put("retentionDays", -1)), 400, null);
    assertProblem(admin.put("/console/api/settings/retention", new JsonObject().put("endDate", "soon").put("retentionDays", 3)), 400, null);
  }

  @Test
  void moderatorsAndCallsWithoutTheCsrfTokenAreRefused() {
    ConsoleClient moderator = ConsoleFixture.signedIn(app, pool, "moderator");
    assertProblem(moderator.get("/console/api/settings/retention"), 403, null);
    assertProblem(moderator.put("/console/api/settings/retention", new JsonObject().put("endDate", "2099-06-30").put("retentionDays", 1)), 403, null);
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    admin.cookies.remove("XSRF-TOKEN");
    assertThat(admin.put("/console/api/settings/retention", new JsonObject().put("endDate", "2099-06-30").put("retentionDays", 1)).statusCode())
        .isEqualTo(403);
    assertThat(app.client.get("/console/api/settings/retention").send().await().statusCode()).isEqualTo(401);
  }

  @Test
  void theWorkerTakesTheRetentionJob() throws Exception {
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    assertThat(admin.put("/console/api/settings/retention", new JsonObject().put("endDate", "2099-06-30").put("retentionDays", 30)).statusCode())
        .isEqualTo(200);
    String key = Retention.KIND + ":test-" + java.util.UUID.randomUUID();
    long id = chorus.jobs.JobQueue.enqueue(pool, Retention.KIND, new JsonObject(), chorus.jobs.JobOptions.DEFAULTS.dedupe(key)).await();
    chorus.jobs.JobQueue.wake(app.vertx, Retention.KIND);
    String state = null;
    for (int i = 0; i < 150 && !"done".equals(state); i++) {
      Thread.sleep(200);
      state = pool.preparedQuery("SELECT state FROM jobs WHERE id = $1").execute(io.vertx.sqlclient.Tuple.of(id)).await().iterator().next().getString(0);
    }
    // the period lies far ahead: the run found nothing due and deleted nothing
    assertThat(state).isEqualTo("done");
  }
}
