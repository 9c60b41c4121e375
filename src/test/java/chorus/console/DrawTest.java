package chorus.console;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contest draw: who is eligible, the published hash, the seed, winners, redraws, and the verify script agreeing. */
class DrawTest {
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

  static void enter(String email, String terms, boolean confirmed) {
    Buffer fan = ConsoleData.fan(pool, "FR");
    pool.preparedQuery("INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter, newsletter_confirmed_at) "
        + "VALUES ($1, $2, 'Fan', 'aurora', 'fr', true, CASE WHEN $3 THEN now() END)").execute(Tuple.of(fan, email, confirmed)).await();
    pool.preparedQuery("INSERT INTO contest_entries (email, fan_key, terms_version) VALUES ($1, $2, $3)").execute(Tuple.of(email, fan, terms)).await();
  }

  @Test
  void aDrawIsFrozenPublishedSeededRedrawnAndVerifiedByTheScript() throws Exception {
    String terms = currentTerms();
    String tag = Long.toHexString(System.nanoTime());
    List<String> eligible = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String email = "entrant" + i + "-" + tag + "@example.test";
      enter(email, terms, true);
      eligible.add(email);
    }
    enter("entrant0again-" + tag + "@example.test", terms, true);                    // a mailbox of its own
    enter("Entrant1-" + tag + "+second@Example.test", terms, true);                  // same mailbox as entrant1
    enter("unconfirmed-" + tag + "@example.test", terms, false);
    enter("oldterms-" + tag + "@example.test", terms + "-old", true);

    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    assertProblem(mod.post("/console/api/draw/freeze", new JsonObject().put("winners", 3)), 403, null);
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    var frozen = admin.post("/console/api/draw/freeze", new JsonObject().put("winners", 3));
    assertThat(frozen.statusCode()).as(frozen.bodyAsString()).isEqualTo(201);
    JsonObject draw = frozen.bodyAsJsonObject().getJsonObject("draw");
    int id = draw.getInteger("id");
    String listHash = draw.getString("listSha256");
    assertThat(draw.getJsonArray("winnersList")).isEmpty();

    String list = admin.get("/console/api/draw/" + id + "/entries").bodyAsString();
    assertThat(list).doesNotContain("@");
    assertThat(list.split("\n")).hasSize(draw.getInteger("entryCount")).isSorted();
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(list.getBytes(StandardCharsets.UTF_8)))).isEqualTo(listHash);
    // our entrants: the 12 confirmed ones plus "entrant0+again" (a different mailbox); not the +second, unconfirmed or old-terms ones
    var mine = pool.preparedQuery("SELECT email FROM contest_draw_entries WHERE draw_id = $1 AND email LIKE $2")
        .execute(Tuple.of(id, "%" + tag + "%")).await();
    List<String> frozenEmails = new ArrayList<>();
    mine.forEach(r -> frozenEmails.add(r.getString(0).toLowerCase()));
    assertThat(frozenEmails).hasSize(13).doesNotContain("unconfirmed-" + tag + "@example.test", "oldterms-" + tag + "@example.test");

    String seed = "drand-quicknet-round-12345678:" + tag;
    var seeded = admin.post("/console/api/draw/" + id + "/seed", new JsonObject().put("seed", seed));
    assertThat(seeded.statusCode()).as(seeded.bodyAsString()).isEqualTo(200);
    assertProblem(admin.post("/console/api/draw/" + id + "/seed", new JsonObject().put("seed", seed + "x")), 409, null);
    JsonArray winners = seeded.bodyAsJsonObject().getJsonObject("draw").getJsonArray("winnersList");
    assertThat(winners).hasSize(3);
    assertThat(winners.getJsonObject(0).getString("email")).contains("@");

    String first = winners.getJsonObject(0).getString("entryId");
    assertProblem(admin.post("/console/api/draw/" + id + "/redraw", new JsonObject().put("entryId", first)), 400, null);
    assertProblem(admin.post("/console/api/draw/" + id + "/redraw", new JsonObject().put("entryId", "0".repeat(32)).put("reason", "x")), 409, null);
    var redrawn = admin.post("/console/api/draw/" + id + "/redraw", new JsonObject().put("entryId", first).put("reason", "employee of the agency"));
    assertThat(redrawn.statusCode()).as(redrawn.bodyAsString()).isEqualTo(200);
    JsonObject after = redrawn.bodyAsJsonObject().getJsonObject("draw");
    JsonArray newWinners = after.getJsonArray("winnersList");
    assertThat(Draws.ids(newWinners)).doesNotContain(first).startsWith(Draws.ids(winners).get(1), Draws.ids(winners).get(2));
    assertThat(after.getJsonArray("redraws").getJsonObject(0).getString("reason")).isEqualTo("employee of the agency");

    Path file = Files.createTempFile("draw-entries", ".txt");
    Files.writeString(file, list);
    String out = verify(file.toString(), listHash, seed, "3", first);
    assertThat(out).contains("matches the published hash");
    for (int i = 0; i < 3; i++) {
      assertThat(out).contains("winner " + (i + 1) + ": " + newWinners.getJsonObject(i).getString("entryId"));
    }
    assertThat(verify(file.toString(), "0".repeat(64), seed, "3")).contains("DOES NOT MATCH");
    JsonArray audit = admin.get("/console/api/audit?action=draw&target=draw:" + id).bodyAsJsonObject().getJsonArray("entries");
    assertThat(audit).extracting(o -> ((JsonObject) o).getString("action")).containsExactly("draw.redraw", "draw.seed", "draw.freeze");
  }

  private static String currentTerms() {
    return chorus.campaign.Campaign.load(Path.of("conf/campaign.json"), Path.of("webroot")).termsVersion();
  }

  /** Runs the script exactly as the README says: {@code java tools/draw/Verify.java ...}. */
  static String verify(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "tools/draw/Verify.java"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
