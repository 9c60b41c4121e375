package chorus.fan;

import chorus.support.Fixtures;
import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.FanClient;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
  static Vertx vertx;
  static TestApp app;
  static Pool pool;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    app = TestApp.start(vertx, TestServices.get().config(Map.of()));
    pool = chorus.db.Database.pool(vertx, app.config);
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  static String email() {
    return "fan-" + UUID.randomUUID() + "@Example.COM";
  }

  long outboxRows(String email) {
    return pool.preparedQuery("SELECT count(*) FROM mail_outbox WHERE email = $1").execute(Tuple.of(email)).await()
        .iterator().next().getLong(0);
  }

  @Test
  void firstSubscriptionIs201AndWritesOneNeutralConfirmationMail() {
    FanClient fan = new FanClient(app.client);
    String email = email();
    HttpResponse<Buffer> r = fan.post("/api/fan/subscription", FanClient.subscription(email, "Zoë Ångström"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject s = r.bodyAsJsonObject();
    String stored = email.substring(0, email.indexOf('@')) + "@example.com";
    assertThat(s.getString("email")).isEqualTo(stored);
    assertThat(s.getBoolean("newsletterConfirmed")).isFalse();
    assertThat(outboxRows(stored)).isEqualTo(1);
    // issue 10.6: the row holds the claim its link is bound to, and nothing the requester typed
    var row = pool.preparedQuery("SELECT kind, payload FROM mail_outbox WHERE email = $1").execute(Tuple.of(stored)).await().iterator().next();
    assertThat(row.getString("kind")).isEqualTo("confirm");
    assertThat(((JsonObject) row.getValue("payload")).fieldNames()).containsExactlyInAnyOrder("claim", "newsletter");
  }

  @Test
  void repeatingIsIdempotent200WithNoSecondMail() {
    FanClient fan = new FanClient(app.client);
    JsonObject body = FanClient.subscription(email(), "Andrey");
    assertThat(fan.post("/api/fan/subscription", body).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> again = fan.post("/api/fan/subscription", body);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(outboxRows(again.bodyAsJsonObject().getString("email"))).isEqualTo(1);
    HttpResponse<Buffer> changedTeam = fan.post("/api/fan/subscription", body.copy().put("team", "comet"));
    assertThat(changedTeam.statusCode()).isEqualTo(200);
    assertThat(changedTeam.bodyAsJsonObject().getString("team")).isEqualTo("comet");
  }

  @Test
  void signingUpAgainAfterUnsubscribingNeedsAFreshConfirmation() {
    FanClient fan = new FanClient(app.client);
    JsonObject body = FanClient.subscription(email(), "Comeback");
    String email = fan.post("/api/fan/subscription", body).bodyAsJsonObject().getString("email");
    pool.preparedQuery("UPDATE subscriptions SET email_confirmed_at = now(), newsletter_confirmed_at = now(), unsubscribed_at = now() WHERE email = $1").execute(Tuple.of(email)).await();
    pool.preparedQuery("INSERT INTO mail_suppressions (email, reason) VALUES ($1, 'unsubscribe')").execute(Tuple.of(email)).await();
    HttpResponse<Buffer> again = fan.post("/api/fan/subscription", body);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getBoolean("newsletterConfirmed")).isFalse();
    assertThat(outboxRows(email)).isEqualTo(2);
    long suppressed = pool.preparedQuery("SELECT count(*) FROM mail_suppressions WHERE email = $1").execute(Tuple.of(email)).await()
        .iterator().next().getLong(0);
    assertThat(suppressed).isZero();
  }

  @Test
  void anAddressAnotherFanClaimedIsAPendingClaimLikeAnyOther() {
    String email = email();
    assertThat(new FanClient(app.client).post("/api/fan/subscription", FanClient.subscription(email, "One")).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> second = new FanClient(app.client).post("/api/fan/subscription", FanClient.subscription(email.toLowerCase(), "Two"));
    assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(201);
    assertThat(second.bodyAsJsonObject().getBoolean("emailConfirmed")).isFalse();
  }

  @Test
  void concurrentFirstSubscriptionsOfOneFanGiveOneRowAndOneMail() {
    FanClient fan = new FanClient(app.client);
    JsonObject body = FanClient.subscription(email(), "Racer");
    var a = app.client.post("/api/fan/subscription").putHeader("Authorization", "Bearer " + fan.token).sendJsonObject(body);
    var b = app.client.post("/api/fan/subscription").putHeader("Authorization", "Bearer " + fan.token).sendJsonObject(body);
    var c = app.client.post("/api/fan/subscription").putHeader("Authorization", "Bearer " + fan.token).sendJsonObject(body);
    io.vertx.core.Future.all(a, b, c).await();
    assertThat(java.util.List.of(a.result().statusCode(), b.result().statusCode(), c.result().statusCode()))
        .containsExactlyInAnyOrder(201, 200, 200);
    assertThat(outboxRows(a.result().bodyAsJsonObject().getString("email"))).isEqualTo(1);
  }

  @Test
  void contestNeedsTheCurrentTermsAndCountsOncePerEmail() {
    FanClient fan = new FanClient(app.client);
    JsonObject body = FanClient.subscription(email(), "Contestant").put("contest", true);
    assertProblem(fan.post("/api/fan/subscription", body.copy().put("termsVersion", "1999-01-01")), 400, "termsVersion");
    assertProblem(fan.post("/api/fan/subscription", body), 400, "termsVersion");
    String terms = app.client.get("/api/campaign?lang=en").send().await().bodyAsJsonObject().getJsonObject("contest").getString("termsVersion");
    HttpResponse<Buffer> r = fan.post("/api/fan/subscription", body.copy().put("termsVersion", terms));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getBoolean("contest")).isTrue();
    assertThat(fan.post("/api/fan/subscription", body.copy().put("termsVersion", terms)).statusCode()).isEqualTo(200);
    long entries = pool.preparedQuery("SELECT count(*) FROM contest_entries WHERE email = $1")
        .execute(Tuple.of(r.bodyAsJsonObject().getString("email"))).await().iterator().next().getLong(0);
    assertThat(entries).isEqualTo(1);
  }

  @Test
  void aSubscribedFanWhoThenEntersTheContestIsEnteredWithoutASecondMail() {
    FanClient fan = new FanClient(app.client);
    JsonObject body = FanClient.subscription(email(), "Late Entrant");
    HttpResponse<Buffer> first = fan.post("/api/fan/subscription", body);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.bodyAsJsonObject().getBoolean("contest")).isFalse();
    String terms = app.client.get("/api/campaign?lang=en").send().await().bodyAsJsonObject().getJsonObject("contest").getString("termsVersion");
    HttpResponse<Buffer> entering = fan.post("/api/fan/subscription", body.copy().put("contest", true).put("termsVersion", terms));
    assertThat(entering.statusCode()).isEqualTo(200);
    assertThat(entering.bodyAsJsonObject().getBoolean("contest")).isTrue();
    String email = first.bodyAsJsonObject().getString("email");
    assertThat(pool.preparedQuery("SELECT count(*) FROM contest_entries WHERE email = $1").execute(Tuple.of(email)).await()
        .iterator().next().getLong(0)).isEqualTo(1);
    assertThat(outboxRows(email)).isEqualTo(1);
  }

  @Test
  void missingOrMalformedFanIdIs401() {
    JsonObject body = FanClient.subscription(email(), "Nobody");
    assertProblem(app.client.post("/api/fan/subscription").sendJsonObject(body).await(), 401, null);
    assertProblem(app.client.post("/api/fan/subscription").putHeader("Authorization", "Bearer 1234").sendJsonObject(body).await(), 401, null);
    assertProblem(app.client.post("/api/fan/subscription").putHeader("Authorization", "Basic Zm9vOmJhcg==").sendJsonObject(body).await(), 401, null);
    String v1 = "c232ab00-9414-11ec-b3c8-9f6bdeced846";
    assertProblem(app.client.post("/api/fan/subscription").putHeader("Authorization", "Bearer " + v1).sendJsonObject(body).await(), 401, null);
  }

  @Test
  void badFieldsAre400NamingTheField() {
    FanClient fan = new FanClient(app.client);
    assertProblem(fan.post("/api/fan/subscription", FanClient.subscription("not-an-email", "A")), 400, "email");
    assertProblem(fan.post("/api/fan/subscription", FanClient.subscription(email(), "A").put("team", "no-such-team")), 400, "team");
    assertProblem(fan.post("/api/fan/subscription", FanClient.subscription(email(), "A").put("lang", "xx")), 400, "lang");
    assertProblem(fan.post("/api/fan/subscription", FanClient.subscription(email(), "A").put("newsletter", "yes")), 400, "newsletter");
    JsonObject missing = FanClient.subscription(email(), "A");
    missing.remove("email");
    HttpResponse<Buffer> r = fan.post("/api/fan/subscription", missing);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsString()).contains("email");
  }

  @Test
  void fixtureNamesAreAcceptedOrRefusedAsTheyMust() throws Exception {
    for (JsonObject f : Fixtures.fanNames()) {
      HttpResponse<Buffer> r = new FanClient(app.client).post("/api/fan/subscription", FanClient.subscription(email(), f.getString("name")));
      if (f.getString("expect").equals("reject")) {
        assertProblem(r, 400, "name");
      } else {
        assertThat(r.statusCode()).as(f.getString("script") + ": " + r.bodyAsString()).isEqualTo(201);
        assertThat(r.bodyAsJsonObject().getString("name")).isEqualTo(java.text.Normalizer.normalize(f.getString("name").strip(), java.text.Normalizer.Form.NFC));
      }
    }
  }

  @Test
  void malformedOversizedAndNonJsonBodiesAreRefusedClearly() {
    FanClient fan = new FanClient(app.client);
    HttpResponse<Buffer> broken = app.client.post("/api/fan/subscription").putHeader("Authorization", "Bearer " + fan.token)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"email\": ")).await();
    assertProblem(broken, 400, null);
    HttpResponse<Buffer> text = app.client.post("/api/fan/subscription").putHeader("Authorization", "Bearer " + fan.token)
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("hello")).await();
    assertThat(text.statusCode()).as(text.bodyAsString()).isEqualTo(415);
    assertThat(text.getHeader("Content-Type")).isEqualTo("application/problem+json");
    HttpResponse<Buffer> huge = app.client.post("/api/fan/subscription").putHeader("Authorization", "Bearer " + fan.token)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"name\":\"" + "A".repeat(200_000) + "\"}")).await();
    assertProblem(huge, 413, null);
    HttpResponse<Buffer> array = app.client.post("/api/fan/subscription").putHeader("Authorization", "Bearer " + fan.token)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[1,2,3]")).await();
    assertProblem(array, 400, null);
  }

  @Test
  void twoAppInstancesOnOneDatabaseGiveTheSameAnswers() {
    Vertx other = Vertx.vertx();
    TestApp second = TestApp.start(other, TestServices.get().config(Map.of()));
    try {
      String token = UUID.randomUUID().toString();
      JsonObject body = FanClient.subscription(email(), "Twin");
      HttpResponse<Buffer> onA = app.client.post("/api/fan/subscription").putHeader("Authorization", "Bearer " + token).sendJsonObject(body).await();
      HttpResponse<Buffer> onB = second.client.post("/api/fan/subscription").putHeader("Authorization", "Bearer " + token).sendJsonObject(body).await();
      assertThat(onA.statusCode()).isEqualTo(201);
      assertThat(onB.statusCode()).isEqualTo(200);
      assertThat(onB.bodyAsJsonObject()).isEqualTo(onA.bodyAsJsonObject());
      JsonObject fanA = app.client.get("/api/fan").putHeader("Authorization", "Bearer " + token).send().await().bodyAsJsonObject();
      JsonObject fanB = second.client.get("/api/fan").putHeader("Authorization", "Bearer " + token).send().await().bodyAsJsonObject();
      assertThat(fanB).isEqualTo(fanA);
      assertThat(second.client.post("/api/fan/subscription").putHeader("Authorization", "Bearer " + UUID.randomUUID())
          .sendJsonObject(body).await().statusCode()).isEqualTo(201);
    } finally {
      second.close();
      other.close().await();
    }
  }
}
