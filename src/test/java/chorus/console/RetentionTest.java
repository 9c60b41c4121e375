package chorus.console;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.core.Config;
import chorus.db.Database;
import chorus.db.Migrator;
import chorus.db.RetentionPolicy;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The retention run on a database of its own (it deletes across whole tables, which would pull the rows from under
 * the other tests sharing the default one): nothing before the period is over; after it, everything but an approved
 * take inside a finished mix, with an audit row of the counts.
 */
class RetentionTest {
  static Vertx vertx;
  static Pool pool;
  static ObjectStorage storage;
  static Config config;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Config shared = TestServices.get().config(Map.of());
    Pool admin = Database.migrationPool(vertx, shared);
    admin.query("DROP DATABASE IF EXISTS chorus_retention").execute().await();
    admin.query("CREATE DATABASE chorus_retention").execute().await();
    admin.close().await();
    config = shared.with("pg.url", shared.string("pg.url").replaceFirst("/[^/]*$", "/chorus_retention"));
    Pool migrations = Database.migrationPool(vertx, config);
    new Migrator(migrations).migrate().await(60, TimeUnit.SECONDS);
    migrations.close().await();
    pool = Database.pool(vertx, config);
    storage = Storages.create(vertx, config);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void clean() {
    for (String sql : new String[] {"DELETE FROM mix_takes", "DELETE FROM mixes", "DELETE FROM contest_draw_entries", "DELETE FROM contest_draws",
        "DELETE FROM contest_entries", "DELETE FROM artworks", "DELETE FROM recordings", "DELETE FROM subscriptions", "DELETE FROM fans"}) {
      pool.query(sql).execute().await();
    }
  }

  /** One fan with a subscription, a contest entry, an artwork and three takes; the mixed take's id is returned. */
  record Campaign(Buffer fan, UUID mixed, UUID approvedOnly, UUID rejected, String shareId) {}

  static Campaign campaign(boolean drawDone) {
    Buffer fan = ConsoleData.fan(pool, "DE");
    String email = ConsoleData.subscribe(pool, fan, "de", "aurora", true);
    pool.preparedQuery("INSERT INTO contest_entries (email, fan_key, terms_version) VALUES ($1, $2, 'v1')").execute(Tuple.of(email, fan)).await();
    OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
    UUID mixed = ConsoleData.take(pool, fan, "ok", t);
    UUID approvedOnly = ConsoleData.take(pool, fan, "ok", t);
    UUID rejected = ConsoleData.take(pool, fan, "ok", t);
    pool.preparedQuery("UPDATE recordings SET decision = 'approved' WHERE id = ANY($1)").execute(Tuple.of((Object) new UUID[] {mixed, approvedOnly})).await();
    pool.preparedQuery("UPDATE recordings SET decision = 'rejected' WHERE id = $1").execute(Tuple.of(rejected)).await();
    for (UUID take : new UUID[] {mixed, approvedOnly, rejected}) {
      storage.put("recordings/" + take + ".webm", Buffer.buffer("original"), "audio/webm").await();
      storage.put("producer/" + take + ".flac", Buffer.buffer("flac"), "audio/flac").await();
    }
    UUID mix = UUID.randomUUID();
    pool.preparedQuery("INSERT INTO mixes (id, stem, state, cutoff_at, take_count, song_samples, batch, fan_in, jobs_total, finished_at) "
        + "VALUES ($1, 'everybody', 'done', now(), 1, 48000, 200, 16, 1, now())").execute(Tuple.of(mix)).await();
    pool.preparedQuery("INSERT INTO mix_takes (mix_id, ordinal, recording_id, start_sample, producer_key) VALUES ($1, 0, $2, 0, $3)")
        .execute(Tuple.of(mix, mixed, "producer/" + mixed + ".flac")).await();
    // a failed mix holds the merely approved take: not finished, so it does not keep it
    UUID failed = UUID.randomUUID();
    pool.preparedQuery("INSERT INTO mixes (id, stem, state, cutoff_at, take_count, song_samples, batch, fan_in, jobs_total) "
        + "VALUES ($1, 'everybody', 'failed', now(), 1, 48000, 200, 16, 1)").execute(Tuple.of(failed)).await();
    pool.preparedQuery("INSERT INTO mix_takes (mix_id, ordinal, recording_id, start_sample, producer_key) VALUES ($1, 0, $2, 0, $3)")
        .execute(Tuple.of(failed, approvedOnly, "producer/" + approvedOnly + ".flac")).await();
    String shareId = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 21);
    String image = "artwork/" + shareId + "/cover.jpg";
    storage.put(image, Buffer.buffer("jpeg"), "image/jpeg").await();
    pool.preparedQuery("INSERT INTO artworks (share_id, fan_key, render_key, name, team, lang, images) VALUES ($1, $2, $3, 'Fan', 'aurora', 'de', $4)")
        .execute(Tuple.of(shareId, fan, "r-" + shareId, new JsonObject().put("cover", new JsonObject().put("key", image)))).await();
    if (drawDone) {
      int draw = pool.query("INSERT INTO contest_draws (frozen_by, terms_version, winners, entry_count, list_sha256, seed, seeded_at) "
          + "VALUES ('admin@agency.test', 'v1', 1, 1, 'abc', 'seed-1234', now()) RETURNING id").execute().await().iterator().next().getInteger(0);
      pool.preparedQuery("INSERT INTO contest_draw_entries (draw_id, entry_id, email) VALUES ($1, 'e1', $2)").execute(Tuple.of(draw, email)).await();
    }
    return new Campaign(fan, mixed, approvedOnly, rejected, shareId);
  }

  static long count(String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  static long audits() {
    return count("SELECT count(*) FROM console_audit WHERE action = '" + Retention.ACTION + "'");
  }

  @Test
  void beforeThePeriodIsOverNothingIsDeleted() {
    Campaign c = campaign(true);
    new RetentionPolicy(LocalDate.now(ZoneOffset.UTC).minusDays(10), 30).save(pool, "admin@agency.test").await();
    long audited = audits();

    JsonObject run = new Retention(pool, storage).run(Instant.now()).await();

    assertThat(run).isNull();
    assertThat(count("SELECT count(*) FROM recordings")).isEqualTo(3);
    assertThat(count("SELECT count(*) FROM subscriptions")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM artworks")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM contest_entries")).isEqualTo(1);
    assertThat(storage.head("recordings/" + c.rejected() + ".webm").await()).isNotNull();
    assertThat(audits()).isEqualTo(audited);
  }

  @Test
  void withoutAPolicyNothingIsDeleted() {
    pool.query("DELETE FROM console_settings").execute().await();
    campaign(false);
    assertThat(new Retention(pool, storage).run(Instant.now()).await()).isNull();
    assertThat(count("SELECT count(*) FROM recordings")).isEqualTo(3);
  }

  @Test
  void afterThePeriodEverythingGoesButAnApprovedTakeInAFinishedMix() {
    Campaign c = campaign(true);
    new RetentionPolicy(LocalDate.now(ZoneOffset.UTC).minusDays(40), 30).save(pool, "admin@agency.test").await();
    long audited = audits();

    JsonObject run = new Retention(pool, storage).run(Instant.now()).await();

    assertThat(count("SELECT count(*) FROM recordings")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM recordings WHERE id = '" + c.mixed() + "'")).isEqualTo(1);
    assertThat(storage.head("producer/" + c.mixed() + ".flac").await()).as("the mixed take's file stays").isNotNull();
    for (UUID gone : new UUID[] {c.approvedOnly(), c.rejected()}) {
      assertThat(storage.head("recordings/" + gone + ".webm").await()).isNull();
      assertThat(storage.head("producer/" + gone + ".flac").await()).isNull();
    }
    assertThat(storage.head("artwork/" + c.shareId() + "/cover.jpg").await()).isNull();
    assertThat(count("SELECT count(*) FROM artworks")).isZero();
    assertThat(count("SELECT count(*) FROM gone_shares WHERE share_id = '" + c.shareId() + "'")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM subscriptions")).isZero();
    assertThat(count("SELECT count(*) FROM contest_entries")).isZero();
    assertThat(count("SELECT count(*) FROM contest_draw_entries WHERE email IS NOT NULL")).isZero();
    assertThat(count("SELECT count(*) FROM fans WHERE country IS NOT NULL")).isZero();
    assertThat(count("SELECT count(*) FROM fans")).as("the bare fan keys stay, for the counts").isEqualTo(1);

    assertThat(audits()).isEqualTo(audited + 1);
    JsonObject details = pool.query("SELECT details FROM console_audit WHERE action = '" + Retention.ACTION + "' ORDER BY id DESC LIMIT 1")
        .execute().await().iterator().next().getJsonObject("details");
    assertThat(details).isEqualTo(run);
    assertThat(details.getJsonObject("before").getLong("takes")).isEqualTo(3);
    assertThat(details.getJsonObject("deleted").getLong("takes")).isEqualTo(2);
    assertThat(details.getJsonObject("deleted").getLong("artworks")).isEqualTo(1);
    assertThat(details.getJsonObject("deleted").getLong("subscriptions")).isEqualTo(1);
    assertThat(details.getJsonObject("deleted").getLong("contestEntries")).isEqualTo(1);
    assertThat(details.getJsonObject("kept").getLong("takesInFinishedMixes")).isEqualTo(1);
    assertThat(details.getBoolean("drawDone")).isTrue();
  }

  @Test
  void contestEntriesStayUntilTheDrawIsDone() {
    campaign(false);
    new RetentionPolicy(LocalDate.now(ZoneOffset.UTC).minusDays(40), 30).save(pool, "admin@agency.test").await();
    JsonObject run = new Retention(pool, storage).run(Instant.now()).await();
    assertThat(run.getBoolean("drawDone")).isFalse();
    assertThat(count("SELECT count(*) FROM contest_entries")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM subscriptions")).isZero();
  }

  @Test
  void theDailyCheckEnqueuesOneRunOnceThePeriodIsOver() throws Exception {
    RetentionVerticle check = new RetentionVerticle(config);
    vertx.deployVerticle(check).await();
    try {
      Instant now = Instant.now();
      new RetentionPolicy(LocalDate.now(ZoneOffset.UTC).plusDays(1), 0).save(pool, "admin@agency.test").await();
      assertThat(check.check(now).await()).isFalse();
      assertThat(count("SELECT count(*) FROM jobs WHERE kind = '" + Retention.KIND + "'")).isZero();
      new RetentionPolicy(LocalDate.now(ZoneOffset.UTC).minusDays(5), 2).save(pool, "admin@agency.test").await();
      assertThat(check.check(now).await()).isTrue();
      assertThat(check.check(now).await()).isTrue();
      assertThat(count("SELECT count(*) FROM jobs WHERE kind = '" + Retention.KIND + "'")).as("one job a day").isEqualTo(1);
    } finally {
      pool.query("DELETE FROM jobs").execute().await();
    }
  }
}
