package chorus.bench.console;

import chorus.core.Config;
import chorus.db.Database;
import chorus.db.Migrator;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Map;

/**
 * {@code GET /console/api/stats}'s queries at a million fans: builds a database of its own in the embedded
 * PostgreSQL with 1,000,000 fans, 600,000 subscriptions, 300,000 takes, 200,000 entries, 400,000 artworks and
 * 600,000 mails spread over 60 days, then times the figures (cold, then the median of 5) per day and per
 * hour. The peer is the cheapest possible answer: {@code SELECT count(*) FROM fans} on the same database.
 * Run: see the README's console section.
 */
public final class StatsBench {
  public static void main(String[] args) throws Exception {
    int fans = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Vertx vertx = Vertx.vertx();
    Config shared = TestServices.get().config(Map.of());
    Pool admin = Database.migrationPool(vertx, shared);
    admin.query("DROP DATABASE IF EXISTS stats_bench").execute().await();
    admin.query("CREATE DATABASE stats_bench").execute().await();
    admin.close().await();
    Config config = shared.with("pg.url", shared.string("pg.url").replaceFirst("/postgres$", "/stats_bench")).with("pg.poolSize", 8);
    Pool m = Database.migrationPool(vertx, config);
    new Migrator(m).migrate().await();
    long t = System.nanoTime();
    String[] all = {
        "INSERT INTO fans (fan_key, created_at, country) SELECT sha256(int4send(g)), now() - (g % 86400000) * interval '60 ms', "
            + "(ARRAY['FR','DE','ES','IT','GB','PL','NL','BR','TR','JP'])[1 + g % 10] FROM generate_series(1, " + fans + ") g",
        "INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter, newsletter_confirmed_at, unsubscribed_at, created_at) "
            + "SELECT fan_key, encode(fan_key, 'hex') || '@example.test', 'Fan', (ARRAY['aurora','comet','falcon','owl'])[1 + get_byte(fan_key, 0) % 4], "
            + "(ARRAY['en','fr','de','es','it','pt'])[1 + get_byte(fan_key, 1) % 6], true, CASE WHEN get_byte(fan_key, 2) < 180 THEN created_at END, "
            + "CASE WHEN get_byte(fan_key, 2) > 250 THEN created_at END, created_at FROM fans WHERE get_byte(fan_key, 3) < 154",
        "INSERT INTO contest_entries (email, fan_key, terms_version, entered_at) SELECT email, fan_key, 'v1', created_at FROM subscriptions "
            + "WHERE get_byte(fan_key, 4) < 85",
        "INSERT INTO recordings (id, fan_key, object_key, content_type, bytes, duration_ms, status, completed_at, verdict, decision, decided_at, created_at) "
            + "SELECT gen_random_uuid(), fan_key, 'recordings/' || encode(fan_key, 'hex'), 'audio/webm', 1000, 30000, 'complete', created_at, "
            + "(ARRAY['ok','ok','ok','silent','too_quiet','clipped','bleed'])[1 + get_byte(fan_key, 5) % 7], "
            + "(ARRAY[NULL,'approved','rejected'])[1 + get_byte(fan_key, 6) % 3], created_at, created_at FROM fans WHERE get_byte(fan_key, 7) < 77",
        "INSERT INTO artworks (share_id, fan_key, render_key, name, team, lang, images, created_at) SELECT encode(fan_key, 'base64'), fan_key, "
            + "'r', 'Fan', 'aurora', 'en', '{}', created_at FROM fans WHERE get_byte(fan_key, 8) < 102",
        "INSERT INTO mail_outbox (fan_key, kind, email, lang, message_id, status, sent_at, created_at) SELECT fan_key, 'welcome', email, lang, "
            + "encode(fan_key, 'hex'), CASE WHEN get_byte(fan_key, 9) < 5 THEN 'failed' ELSE 'sent' END, "
            + "CASE WHEN get_byte(fan_key, 9) >= 5 THEN created_at END, created_at FROM subscriptions",
        "ANALYZE"};
    for (String sql : all) m.query(sql).execute().await();
    m.close().await();
    System.out.printf("generated %,d fans and the rest in %.0f s%n", fans, (System.nanoTime() - t) / 1e9);
    Pool pool = Database.pool(vertx, config);
    for (String bucket : new String[] {"day", "hour"}) {
      var since = java.time.OffsetDateTime.now().minusDays(bucket.equals("day") ? 30 : 2);
      double cold = time(() -> chorus.console.StatsProbe.compute(pool, bucket, since));
      double[] runs = new double[5];
      JsonObject last = null;
      for (int i = 0; i < runs.length; i++) {
        long s = System.nanoTime();
        last = chorus.console.StatsProbe.compute(pool, bucket, since).await();
        runs[i] = (System.nanoTime() - s) / 1e6;
      }
      java.util.Arrays.sort(runs);
      double peer = time(() -> pool.query("SELECT count(*) FROM fans").execute());
      System.out.printf("stats per %s: cold %.0f ms, median %.0f ms; peer count(*) on fans %.0f ms; ratio %.1f; fans counted %d%n",
          bucket, cold, runs[2], peer, runs[2] / peer, last.getJsonObject("totals").getLong("fans"));
    }
    var redis = io.vertx.redis.client.RedisAPI.api(io.vertx.redis.client.Redis.createClient(vertx, config.string("redis.url")));
    redis.del(java.util.List.of("chorus:console:stats:day:30")).await();
    double first = time(() -> chorus.console.StatsProbe.cached(pool, redis, "day", 30));
    double[] hits = new double[20];
    for (int i = 0; i < hits.length; i++) hits[i] = time(() -> chorus.console.StatsProbe.cached(pool, redis, "day", 30));
    java.util.Arrays.sort(hits);
    double peer = time(() -> pool.query("SELECT count(*) FROM fans").execute());
    System.out.printf("console request (Redis cache): first %.0f ms, then median %.1f ms; peer count(*) on fans %.0f ms; ratio %.2f%n",
        first, hits[10], peer, hits[10] / peer);
    pool.close().await();
    vertx.close().await();
    System.exit(0);
  }

  private static double time(java.util.concurrent.Callable<io.vertx.core.Future<?>> f) throws Exception {
    long s = System.nanoTime();
    f.call().await();
    return (System.nanoTime() - s) / 1e6;
  }
}
