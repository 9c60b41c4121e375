package chorus.console;

import static chorus.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Streamed exports: subscribers with proof of consent, entries, and 10,000 approved takes as a ZIP with its manifest. */
class ExportsTest {
  static final int TAKES = 10_000;
  static Vertx vertx;
  static TestApp app;
  static Pool pool;
  static Path objects;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    var config = TestServices.get().localStorageConfig(Map.of());
    objects = Path.of(config.string("storage.dir"));
    app = TestApp.start(vertx, config);
    pool = ConsoleFixture.pool(app);
  }

  @AfterAll
  static void stop() {
    app.close();
    vertx.close().await();
  }

  @Test
  void tenThousandApprovedTakesStreamAsAZipWithAManifest() throws Exception {
    String team = ConsoleData.team();
    Buffer fan = ConsoleData.fan(pool, "PT");
    ConsoleData.subscribe(pool, fan, "pt", team, true);
    // 10,000 approved takes (each with a small producer file), plus one rejected and one undecided that must stay out
    pool.preparedQuery("INSERT INTO recordings (id, fan_key, object_key, content_type, bytes, duration_ms, status, completed_at, verdict, "
        + "analysis, producer_key, offset_ms, decision, decided_at) SELECT u, $1, 'recordings/' || u || '.webm', 'audio/webm', 4, 10000 + g, "
        + "'complete', now() - interval '1 day' + g * interval '1 ms', 'ok', jsonb_build_object('loudnessLufs', -20.0), "
        + "'producer/' || u || '.flac', g % 500, CASE WHEN g > $2 THEN (CASE WHEN g = $2 + 1 THEN 'rejected' END) ELSE 'approved' END, now() "
        + "FROM (SELECT gen_random_uuid() AS u, g FROM generate_series(1, $2 + 2) g) s")
        .execute(Tuple.of(fan, TAKES)).await();
    var keys = pool.preparedQuery("SELECT producer_key FROM recordings WHERE fan_key = $1").execute(Tuple.of(fan)).await();
    for (var r : keys) {
      Path p = objects.resolve(r.getString(0));
      Files.createDirectories(p.getParent());
      Files.write(p, ("fLaC" + r.getString(0)).getBytes(StandardCharsets.US_ASCII));
    }
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    assertProblem(mod.get("/console/api/exports/takes"), 403, null);
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    long t = System.nanoTime();
    var zip = admin.get("/console/api/exports/takes");
    double seconds = (System.nanoTime() - t) / 1e9;
    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(zip.getHeader("Content-Type")).isEqualTo("application/zip");
    System.out.printf("approved-takes ZIP: %d bytes in %.1f s%n", zip.body().length(), seconds);

    Map<String, String> manifest = new HashMap<>();
    int files = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body().getBytes()))) {
      ZipEntry e = in.getNextEntry();
      assertThat(e.getName()).isEqualTo("manifest.csv");
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      assertThat(lines[0]).isEqualTo("take,share_id,language,country,team,duration_ms,loudness_lufs,offset_ms,file");
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].split(",", -1);
        if (team.equals(f[4])) manifest.put(f[8], lines[i]);
      }
      while ((e = in.getNextEntry()) != null) {
        if (!manifest.containsKey(e.getName())) continue;
        String id = e.getName().substring("takes/".length(), e.getName().length() - ".flac".length());
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("fLaCproducer/" + id + ".flac");
        files++;
      }
    }
    assertThat(manifest).hasSize(TAKES);
    assertThat(files).isEqualTo(TAKES);
    String line = manifest.values().iterator().next();
    assertThat(line.split(",", -1)).satisfies(f -> {
      assertThat(f[2]).isEqualTo("pt");
      assertThat(f[3]).isEqualTo("PT");
      assertThat(f[6]).isEqualTo("-20.0");
    });
  }

  @Test
  void anApprovedTakeWhoseFileIsGoneIsListedAndTheZipStillComplete() throws Exception {
    String team = ConsoleData.team();
    Buffer fan = ConsoleData.fan(pool, "IE");
    ConsoleData.subscribe(pool, fan, "en", team, true);
    java.util.UUID kept = java.util.UUID.randomUUID();
    java.util.UUID gone = java.util.UUID.randomUUID();
    for (java.util.UUID id : new java.util.UUID[] {kept, gone}) {
      pool.preparedQuery("INSERT INTO recordings (id, fan_key, object_key, content_type, bytes, duration_ms, status, completed_at, verdict, "
          + "analysis, producer_key, offset_ms, decision, decided_at) VALUES ($1, $2, 'recordings/' || $1 || '.webm', 'audio/webm', 4, 9000, 'complete', "
          + "now(), 'ok', '{}'::jsonb, $3, 0, 'approved', now())").execute(Tuple.of(id, fan, "producer/" + id + ".flac")).await();
    }
    Path file = objects.resolve("producer/" + kept + ".flac");
    Files.createDirectories(file.getParent());
    Files.write(file, "fLaCkept".getBytes(StandardCharsets.US_ASCII));

    var zip = ConsoleFixture.signedIn(app, pool, "admin").get("/console/api/exports/takes");
    assertThat(zip.statusCode()).isEqualTo(200);
    Map<String, String> entries = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body().getBytes()))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(entries.get("manifest.csv")).contains(kept + ",").contains(gone + ",");
    assertThat(entries.get("takes/" + kept + ".flac")).isEqualTo("fLaCkept");
    assertThat(entries).doesNotContainKey("takes/" + gone + ".flac");
    assertThat(entries.get("missing.csv")).as("the ZIP names what storage no longer holds, after the files")
        .startsWith("take,producer_key\n").contains(gone + ",producer/" + gone + ".flac").doesNotContain(kept.toString());
  }

  @Test
  void subscribersCarryTheirProofOfConsentAndEntriesTheirTerms() {
    Buffer fan = ConsoleData.fan(pool, "FR");
    String email = ConsoleData.subscribe(pool, fan, "fr", ConsoleData.team(), true);
    pool.preparedQuery("INSERT INTO contest_entries (email, fan_key, terms_version) VALUES ($1, $2, 'terms-7')").execute(Tuple.of(email, fan)).await();
    ConsoleClient mod = ConsoleFixture.signedIn(app, pool, "moderator");
    assertProblem(mod.get("/console/api/exports/subscribers"), 403, null);
    ConsoleClient admin = ConsoleFixture.signedIn(app, pool, "admin");
    var subs = admin.get("/console/api/exports/subscribers");
    assertThat(subs.getHeader("Content-Type")).startsWith("text/csv");
    String row = subs.bodyAsString().lines().filter(l -> l.startsWith(email)).findFirst().orElseThrow();
    String[] f = row.split(",", -1);
    assertThat(f[1]).isEqualTo("fr");
    assertThat(f[2]).isEqualTo("true");
    assertThat(f[3]).isNotEmpty();
    assertThat(f[4]).isEqualTo("terms-7");
    String entry = admin.get("/console/api/exports/entries").bodyAsString().lines().filter(l -> l.startsWith(email)).findFirst().orElseThrow();
    assertThat(entry).contains(",terms-7,");
    var audit = admin.get("/console/api/audit?action=export&actor=" + admin.email).bodyAsJsonObject().getJsonArray("entries");
    assertThat(audit).extracting(o -> ((JsonObject) o).getString("action")).containsExactly("export.contest-entries", "export.subscribers");
  }
}
