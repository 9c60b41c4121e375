package chorus.mix;

import chorus.audio.Decoder;
import chorus.core.Failure;
import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Starting a mix and reporting on it, without HTTP (the console mounts it): {@link #start} records exactly
 * which takes the stem holds and the job tree, and puts the leaves on the queue in the same transaction;
 * {@link #status} answers {@code {state, done, total, stems}}.
 */
public final class MixService {
  public static final String EVERYBODY = "everybody";
  public static final String LEAF = "mix.leaf", MERGE = "mix.merge", ROOT = "mix.root";
  private static final Duration URL_TTL = Duration.ofMinutes(15);

  private final Pool pool;
  private final ObjectStorage storage;
  private final MixQueue queue;
  private final int songSamples, batch, fanIn;

  /**
   * @param songSamples the backing track's length at 48 kHz (a stem has exactly this many samples)
   * @param batch       takes per leaf job
   * @param fanIn       submixes per merge job
   */
  public MixService(Pool pool, ObjectStorage storage, MixQueue queue, int songSamples, int batch, int fanIn) {
    this.pool = pool;
    this.storage = storage;
    this.queue = queue;
    this.songSamples = songSamples;
    this.batch = batch;
    this.fanIn = fanIn;
  }

  public static int songSamples(int backingTrackMs) {
    return Math.toIntExact(Math.round(backingTrackMs * (Decoder.RATE / 1000.0)));
  }

  /** Defines (or redefines) a group: the fans of a team, a country, a language, or a combination. */
  public Future<Void> defineGroup(String name, String team, String country, String lang) {
    return defineGroup(name, team, country, lang, tx -> Future.succeededFuture());
  }

  /** Defines (or redefines) a group, running {@code alsoInTransaction} (the audit entry) in the same transaction. */
  public Future<Void> defineGroup(String name, String team, String country, String lang,
                                  java.util.function.Function<SqlClient, Future<Void>> alsoInTransaction) {
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,39}") || EVERYBODY.equals(name)) {
      return Future.failedFuture(Failure.invalidField("name", "a group name is 1-40 of a-z, 0-9 and '-', not 'everybody'"));
    }
    if (team == null && country == null && lang == null) {
      return Future.failedFuture(Failure.invalid("a group needs a team, a country or a language"));
    }
    return pool.withTransaction(tx -> tx.preparedQuery(MixStore.UPSERT_GROUP).execute(Tuple.of(name, team, country, lang))
        .compose(v -> alsoInTransaction.apply(tx)));
  }

  /** The groups defined, by name: {@code [{name, team, country, lang}]}. */
  public Future<JsonArray> groups() {
    return pool.preparedQuery(MixStore.GROUPS).execute().map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(new JsonObject().put("name", r.getString("name")).put("team", r.getString("team")).put("country", r.getString("country"))
            .put("lang", r.getString("lang")));
      }
      return out;
    });
  }

  /** Starts the stem of a group (null: everybody); the future holds the mix id. */
  public Future<UUID> start(String group, String createdBy) {
    return start(group, createdBy, (tx, id) -> Future.succeededFuture());
  }

  /**
   * Starts the stem of a group (null: everybody), running {@code alsoInTransaction} (e.g. the audit entry) in the
   * transaction that records the mix; the future holds the mix id.
   */
  public Future<UUID> start(String group, String createdBy, BiFunction<SqlClient, UUID, Future<Void>> alsoInTransaction) {
    UUID id = UUID.randomUUID();
    return pool.withTransaction(tx -> filter(tx, group)
        .compose(f -> tx.preparedQuery(MixStore.INSERT_MIX).execute(Tuple.of(id, group == null ? EVERYBODY : group, f, songSamples,
                batch, fanIn, createdBy))
            .compose(rows -> tx.preparedQuery(MixStore.CHOOSE_TAKES).execute(Tuple.of(id, rows.iterator().next().getOffsetDateTime(0),
                f.getString("team"), f.getString("country"), f.getString("lang")))))
        .compose(rows -> {
          int takes = rows.rowCount();
          if (takes == 0) return Future.failedFuture(Failure.conflict("no-takes", "no approved take is ready for this stem yet"));
          MixPlan plan = MixPlan.of(takes, batch, fanIn);
          return tx.preparedQuery(MixStore.SET_PLAN).execute(Tuple.of(id, takes, plan.jobs()))
              .compose(v -> insertJobs(tx, id, plan))
              .compose(v -> {
                Future<Void> f = Future.succeededFuture();
                for (MixPlan.Node n : plan.nodes(0)) f = f.compose(x -> enqueue(tx, id, n));
                return f;
              })
              .compose(v -> alsoInTransaction.apply(tx, id));
        }))
        .onSuccess(v -> queue.wake(LEAF))
        .map(id);
  }

  private Future<JsonObject> filter(SqlConnection tx, String group) {
    if (group == null) return Future.succeededFuture(new JsonObject());
    return tx.preparedQuery(MixStore.GROUP).execute(Tuple.of(group)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(Failure.invalidField("group", "no group named '" + group + "'"));
      Row r = rows.iterator().next();
      JsonObject f = new JsonObject();
      for (String k : new String[] {"team", "country", "lang"}) if (r.getString(k) != null) f.put(k, r.getString(k));
      return Future.succeededFuture(f);
    });
  }

  private static Future<Void> insertJobs(SqlConnection tx, UUID id, MixPlan plan) {
    List<Integer> levels = new ArrayList<>(), idx = new ArrayList<>(), children = new ArrayList<>();
    for (int level = 0; level < plan.levels(); level++) {
      for (MixPlan.Node n : plan.nodes(level)) {
        levels.add(level);
        idx.add(n.index());
        children.add(n.to() - n.from());
      }
    }
    return tx.preparedQuery(MixStore.INSERT_JOBS).execute(Tuple.of(id, levels.toArray(Integer[]::new), idx.toArray(Integer[]::new),
        children.toArray(Integer[]::new))).mapEmpty();
  }

  /** Puts one node of the tree on the queue, once (the dedupe key names the node). */
  Future<Void> enqueue(SqlClient tx, UUID mix, MixPlan.Node n) {
    String kind = n.root() ? ROOT : n.level() == 0 ? LEAF : MERGE;
    JsonObject payload = new JsonObject().put("mixId", mix.toString()).put("level", n.level()).put("index", n.index());
    return queue.enqueue(tx, kind, payload, "mix:" + mix + ":" + n.level() + ":" + n.index());
  }

  /**
   * A person's nudge of a take by {@code deltaMs} (the console previews it over the track and writes the audit
   * entry): the take then sits at the offset it was mixed at plus the nudge, and is no longer marked for review.
   * The future holds the new offset.
   */
  public Future<Integer> nudge(UUID take, int deltaMs) {
    return nudge(take, deltaMs, (tx, offset) -> Future.succeededFuture());
  }

  /**
   * A nudge as the console makes it: in one transaction the new offset, the take's preview put on the queue to be
   * rendered again at that offset, and {@code alsoInTransaction} (the audit entry); only an approved take moves.
   */
  public Future<Integer> nudge(UUID take, int deltaMs, BiFunction<SqlClient, Integer, Future<Void>> alsoInTransaction) {
    if (Math.abs(deltaMs) > Aligner.SEARCH_MS * 2) {
      return Future.failedFuture(Failure.invalidField("deltaMs", "a nudge is at most " + Aligner.SEARCH_MS * 2 + " ms"));
    }
    return pool.withTransaction(tx -> tx.preparedQuery(MixStore.NUDGE).execute(Tuple.of(take, deltaMs)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(Failure.notFound("no approved take " + take));
      int offset = rows.iterator().next().getInteger(0);
      return queue.enqueue(tx, TakeJobs.PREVIEW, new JsonObject().put("recordingId", take.toString()), null)
          .compose(v -> alsoInTransaction.apply(tx, offset)).map(offset);
    })).onSuccess(v -> queue.wake(TakeJobs.PREVIEW));
  }

  /** Approved takes below the confidence threshold that no person has nudged yet, oldest first. */
  public Future<JsonArray> needingReview(int limit) {
    return pool.preparedQuery(MixStore.NEEDS_REVIEW).execute(Tuple.of(limit)).compose(rows -> {
      List<Future<JsonObject>> out = new ArrayList<>();
      for (Row r : rows) out.add(alignment(r));
      return Future.all(out).map(all -> {
        JsonArray a = new JsonArray();
        out.forEach(f -> a.add(f.result()));
        return a;
      });
    });
  }

  /** One take's alignment with a signed URL of its preview over the track (null until rendered); null if no such take. */
  public Future<JsonObject> alignment(UUID take) {
    return pool.preparedQuery(MixStore.ALIGNMENT).execute(Tuple.of(take))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(null) : alignment(rows.iterator().next()));
  }

  private Future<JsonObject> alignment(Row r) {
    Float confidence = r.getFloat("align_confidence");
    JsonObject j = new JsonObject().put("recordingId", r.getUUID("id").toString()).put("decision", r.getString("decision"))
        .put("offsetMs", r.getInteger("offset_ms")).put("alignedOffsetMs", r.getInteger("aligned_offset_ms"))
        .put("confidence", confidence == null ? null : Math.round(confidence * 1000) / 1000.0).put("method", r.getString("align_method"))
        .put("needsReview", r.getBoolean("needs_review")).put("nudgeMs", r.getInteger("nudge_ms"))
        .put("threshold", Aligner.THRESHOLD);
    String key = r.getString("preview_key");
    if (key == null) return Future.succeededFuture(j.putNull("previewUrl"));
    return storage.presignGet(key, URL_TTL).map(url -> j.put("previewUrl", url));
  }

  /** {@code {mixId, state, done, total, stem, takes, cutoffAt, containsErased, stems: [{name, format, url}]}}. */
  public Future<JsonObject> status(UUID id) {
    return MixStore.find(pool, id).compose(m -> {
      if (m == null) return Future.failedFuture(Failure.notFound("no mix " + id));
      JsonObject j = summary(m);
      if (!"done".equals(m.state())) return Future.succeededFuture(j.put("stems", new JsonArray()));
      Future<String> wav = storage.presignGet(MixNodes.stemKey(id.toString(), m.stem(), "wav"), URL_TTL);
      Future<String> flac = storage.presignGet(MixNodes.stemKey(id.toString(), m.stem(), "flac"), URL_TTL);
      return Future.all(wav, flac).map(all -> j.put("stems", new JsonArray()
          .add(new JsonObject().put("name", m.stem()).put("format", "wav").put("url", wav.result()))
          .add(new JsonObject().put("name", m.stem()).put("format", "flac").put("url", flac.result()))));
    });
  }

  /** The latest mixes with their inputs, newest first. */
  public Future<JsonArray> recent(int limit) {
    return MixStore.recent(pool, limit).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(m -> out.add(summary(m)));
      return out;
    });
  }

  private static JsonObject summary(MixStore.Mix m) {
    JsonObject j = new JsonObject().put("mixId", m.id().toString()).put("state", m.state()).put("done", m.jobsDone())
        .put("total", m.jobsTotal()).put("stem", m.stem()).put("group", m.group()).put("takes", m.takeCount())
        .put("cutoffAt", m.cutoffAt().toString()).put("containsErased", m.containsErased()).put("missingTakes", m.missingTakes())
        .put("createdAt", m.createdAt().toString());
    if (m.finishedAt() != null) j.put("finishedAt", m.finishedAt().toString());
    if (m.result() != null) j.put("mastering", m.result());
    if (m.error() != null) j.put("error", m.error());
    return j;
  }
}
