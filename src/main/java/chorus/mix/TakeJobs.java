package chorus.mix;

import chorus.audio.Decoder;
import chorus.audio.Ffmpeg;
import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * The per-take jobs of the mix, run when a moderator decides: on approval {@code mix.align} (where the take
 * sits, see {@link Aligner}) then {@code mix.preview} ("hear yourself": 15 s of the fan's voice over the
 * backing track, AAC in MP4, which every browser plays); on rejection the preview goes. Blocking: run them on
 * the job worker pool.
 */
public final class TakeJobs {
  public static final String ALIGN = "mix.align", PREVIEW = "mix.preview";
  /** Length of a preview: 15 s. */
  public static final int PREVIEW_SECONDS = 15;
  private static final String TAKE = "SELECT producer_key, offset_ms, analysis, decision, needs_review, aligned_offset_ms, preview_key"
      + " FROM recordings WHERE id = $1";
  private static final String SET_PREVIEW = "UPDATE recordings SET preview_key = $2 WHERE id = $1 AND decision = 'approved'";
  private static final String DROP_PREVIEW = "UPDATE recordings SET preview_key = NULL WHERE id = $1 RETURNING 1";

  private final Pool pool;
  private final ObjectStorage storage;
  private final References refs;
  private final Path scratch;
  private final long timeoutSeconds;

  public TakeJobs(Pool pool, ObjectStorage storage, References refs, Path scratch, long timeoutSeconds) {
    this.pool = pool;
    this.storage = storage;
    this.refs = refs;
    this.scratch = scratch;
    this.timeoutSeconds = timeoutSeconds;
  }

  public static String previewKey(UUID take) {
    return "previews/" + take + ".m4a";
  }

  /**
   * What a decision sets off, inside the deciding transaction: approval enqueues the alignment and the
   * preview; rejection enqueues the preview's removal (the preview job deletes it when the take is not approved).
   */
  public static Future<Void> onDecision(SqlClient tx, MixQueue queue, UUID take, String decision) {
    JsonObject p = new JsonObject().put("recordingId", take.toString());
    // No dedupe key: a later decision is a new job, and both jobs read the take's state when they run.
    Future<Void> align = "approved".equals(decision) ? queue.enqueue(tx, ALIGN, p, null) : Future.succeededFuture();
    return align.compose(v -> queue.enqueue(tx, PREVIEW, p, null));
  }

  /** Aligns the take and stores offset, confidence, method and whether a person should look. */
  public Aligner.Result align(UUID take) throws IOException {
    Row r = row(take);
    if (r == null || r.getString("producer_key") == null) return null;
    JsonObject analysis = r.getJsonObject("analysis") == null ? new JsonObject() : r.getJsonObject("analysis");
    long trim = analysis.getLong("trimStartSamples", 0L);
    int browser = r.getInteger("offset_ms");
    Number bleed = analysis.getNumber("bleedOffsetMs");
    float[] x = decode(r.getString("producer_key"));
    Aligner.Result result;
    String method;
    if (bleed != null) {
      // The audio pipeline's bleed offset is the track time the take's first sample hears (offset_ms's convention).
      result = refs.backing().align(x, x.length, trim, (int) Math.round(bleed.doubleValue()));
      method = "bleed";
    } else if (refs.guide().isPresent()) {
      result = refs.guide().get().align(x, x.length, trim, browser);
      method = "guide";
    } else {
      result = new Aligner.Result(browser, 0, 0);
      method = "browser";
    }
    boolean review = !"browser".equals(method) && !result.confident();
    Blocking.await(() -> pool.preparedQuery(MixStore.ALIGN).execute(Tuple.of(take, result.offsetMs(), (float) result.confidence(), method, review)),
        timeoutSeconds);
    return result;
  }

  /** Renders (or, for a take no longer approved, deletes) the take's preview; answers its key or null. */
  public String preview(UUID take) throws IOException {
    Row r = row(take);
    if (r == null || !"approved".equals(r.getString("decision")) || r.getString("producer_key") == null) {
      Blocking.await(() -> storage.delete(previewKey(take)), timeoutSeconds);
      if (r != null) Blocking.await(() -> pool.preparedQuery(DROP_PREVIEW).execute(Tuple.of(take)), timeoutSeconds);
      return null;
    }
    JsonObject analysis = r.getJsonObject("analysis") == null ? new JsonObject() : r.getJsonObject("analysis");
    boolean aligned = r.getInteger("aligned_offset_ms") != null && !r.getBoolean("needs_review");
    long start = Math.round((aligned ? r.getInteger("aligned_offset_ms") : r.getInteger("offset_ms")) * 48.0)
        + analysis.getLong("trimStartSamples", 0L); // the voice's first sample on the track
    Path dir = Files.createTempDirectory(Files.createDirectories(scratch), "preview");
    try {
      Path flac = dir.resolve("take.flac"), out = dir.resolve("preview.m4a");
      Files.write(flac, Blocking.await(() -> storage.get(r.getString("producer_key")), timeoutSeconds).getBytes());
      long from = Math.max(0, start); // the window opens where the voice comes in
      long voiceSkip = Math.max(0, -start); // a take that starts before the track loses its head
      String graph = String.format(Locale.ROOT, "[0:a]aresample=48000,volume=0.5[t];[1:a]atrim=start_sample=%d,asetpts=PTS-STARTPTS,"
          + "pan=stereo|c0=c0|c1=c0[v];[t][v]amix=inputs=2:normalize=0:duration=first,afade=t=in:d=0.3,afade=t=out:st=%d:d=1[out]",
          voiceSkip, PREVIEW_SECONDS - 1);
      Ffmpeg.bundled().run(timeoutSeconds, "-y", "-ss", String.format(Locale.ROOT, "%.6f", from / 48000.0), "-t", String.valueOf(PREVIEW_SECONDS),
          "-i", refs.backingTrack().toString(), "-i", flac.toString(), "-filter_complex", graph, "-map", "[out]",
          "-c:a", "aac", "-b:a", "96k", "-ac", "2", "-movflags", "+faststart", "-map_metadata", "-1", out.toString());
      String key = previewKey(take);
      Buffer bytes = Buffer.buffer(Files.readAllBytes(out));
      Blocking.await(() -> storage.put(key, bytes, "audio/mp4"), timeoutSeconds);
      RowSet<Row> set = Blocking.await(() -> pool.preparedQuery(SET_PREVIEW).execute(Tuple.of(take, key)), timeoutSeconds);
      if (set.rowCount() == 0) { // rejected while rendering: the rejection's job may have run already
        Blocking.await(() -> storage.delete(key), timeoutSeconds);
        return null;
      }
      return key;
    } finally {
      MixNodes.deleteTree(dir);
    }
  }

  private Row row(UUID take) throws IOException {
    RowSet<Row> rows = Blocking.await(() -> pool.preparedQuery(TAKE).execute(Tuple.of(take)), timeoutSeconds);
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  private float[] decode(String key) throws IOException {
    Path dir = Files.createTempDirectory(Files.createDirectories(scratch), "align");
    try {
      Path f = dir.resolve("take.flac");
      Files.write(f, Blocking.await(() -> storage.get(key), timeoutSeconds).getBytes());
      return Decoder.bundled().decodeFlac(f, dir, timeoutSeconds);
    } finally {
      MixNodes.deleteTree(dir);
    }
  }
}
