package chorus.console;

import chorus.http.ResponseOutput;
import chorus.storage.MissingObjectException;
import chorus.storage.ObjectStorage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The approved takes as one ZIP: {@code manifest.csv} first (take, share id, language, country, team, duration,
 * loudness, offset, file), then {@code takes/<id>.flac} per take, stored as they are (FLAC is compressed). A
 * worker thread writes the ZIP; rows come in keyset pages from one REPEATABLE READ transaction (manifest and
 * files agree), files one at a time from storage, and each 64 KiB goes to the response only when it has room:
 * memory stays constant for any number of takes. A take whose producer file is not in storage (erased or lost
 * after the manifest was read) does not break the download: it is left out and named in a last entry,
 * {@code missing.csv}, so the producer sees what is absent instead of a ZIP cut short.
 */
final class TakesZip {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TakesZip.class);
  static final int PAGE = 200;
  private static final String APPROVED = Takes.SELECT + "WHERE r.status = 'complete' AND r.decision = 'approved' AND r.producer_key IS NOT NULL "
      + "AND ($1::timestamptz IS NULL OR (r.completed_at, r.id) > ($1, $2::uuid)) ORDER BY r.completed_at, r.id LIMIT " + PAGE;
  private final Vertx vertx;
  private final Pool pool;
  private final ObjectStorage storage;

  TakesZip(Vertx vertx, Pool pool, ObjectStorage storage) {
    this.vertx = vertx;
    this.pool = pool;
    this.storage = storage;
  }

  /** Streams the ZIP; the future holds how many takes it holds (the response is not ended). */
  Future<Long> write(RoutingContext ctx) {
    HttpServerResponse response = ctx.response().setChunked(true).putHeader("Content-Type", "application/zip")
        .putHeader("Cache-Control", "no-store").putHeader("Content-Disposition", "attachment; filename=\"approved-takes.zip\"");
    Context context = vertx.getOrCreateContext();
    return pool.getConnection().compose(conn -> conn.begin().compose(tx -> conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute()
        .compose(v -> vertx.executeBlocking(() -> zip(conn, new ResponseOutput(context, response)), false))
        .eventually(() -> tx.rollback()))
        .eventually(() -> conn.close()));
  }

  private long zip(SqlConnection conn, ResponseOutput out) throws Exception {
    long n = 0;
    try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      zip.putNextEntry(new ZipEntry("manifest.csv"));
      zip.write("take,share_id,language,country,team,duration_ms,loudness_lufs,offset_ms,file\n".getBytes(StandardCharsets.UTF_8));
      for (Takes.Cursor after = null; ; ) {
        var page = await(conn.preparedQuery(APPROVED).execute(cursor(after)));
        for (Row r : page) {
          Takes.Take t = Takes.Take.of(r);
          zip.write((String.join(",", t.id().toString(), SqlStreams.csv(t.shareId()), SqlStreams.csv(t.lang()), SqlStreams.csv(t.country()),
              SqlStreams.csv(t.team()), String.valueOf(t.durationMs()), loudness(t.analysis()), String.valueOf(t.offsetMs()), file(t)) + "\n")
              .getBytes(StandardCharsets.UTF_8));
          after = t.cursor();
        }
        if (page.size() < PAGE) break;
      }
      zip.closeEntry();
      StringBuilder missing = new StringBuilder();
      for (Takes.Cursor after = null; ; ) {
        var page = await(conn.preparedQuery(APPROVED).execute(cursor(after)));
        for (Row r : page) {
          Takes.Take t = Takes.Take.of(r);
          after = t.cursor();
          byte[] bytes = producerFile(t);
          if (bytes == null) {
            missing.append(t.id()).append(',').append(SqlStreams.csv(t.producerKey())).append('\n');
            continue;
          }
          ZipEntry e = new ZipEntry(file(t));
          e.setMethod(ZipEntry.STORED);
          e.setSize(bytes.length);
          CRC32 crc = new CRC32();
          crc.update(bytes);
          e.setCrc(crc.getValue());
          zip.putNextEntry(e);
          zip.write(bytes);
          zip.closeEntry();
          n++;
        }
        if (page.size() < PAGE) break;
      }
      if (!missing.isEmpty()) {
        zip.putNextEntry(new ZipEntry("missing.csv"));
        zip.write(("take,producer_key\n" + missing).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return n;
  }

  /** The take's producer file, or null (logged) when storage no longer holds it. */
  private byte[] producerFile(Takes.Take t) throws Exception {
    try {
      return await(storage.get(t.producerKey())).getBytes();
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof MissingObjectException)) throw e;
      LOG.warn("approved-takes export: take {} has no producer file {} in storage; listed in missing.csv", t.id(), t.producerKey());
      return null;
    }
  }

  private static Tuple cursor(Takes.Cursor after) {
    return Tuple.of(after == null ? null : after.at(), after == null ? null : after.id());
  }

  private static String file(Takes.Take t) {
    return "takes/" + t.id() + ".flac";
  }

  /** Integrated loudness from the audio pipeline's analysis, under whichever of its known names is present. */
  static String loudness(JsonObject analysis) {
    if (analysis == null) return "";
    for (String k : new String[] {"loudnessLufs", "integratedLufs", "lufs", "loudness"}) {
      Object v = analysis.getValue(k);
      if (v instanceof Number num) return String.valueOf(num.doubleValue());
    }
    return "";
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
  }
}
