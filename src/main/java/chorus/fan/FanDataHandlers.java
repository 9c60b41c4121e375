package chorus.fan;

import chorus.audio.StoredTakes;
import chorus.core.RenderResult;
import chorus.db.AuditLog;
import chorus.db.Fans;
import chorus.http.FanAuth;
import chorus.db.Recordings;
import chorus.db.Subscriptions;
import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/fan}: everything held for the fan. {@code DELETE /api/fan}: erasure — objects first, then
 * every row in one transaction, leaving a tombstone so the fan id is dead. A failure part-way is safe to
 * retry: deleting what is already gone succeeds.
 */
public final class FanDataHandlers {
  private static final String ARTWORKS = "SELECT share_id, team, lang, images, created_at, withdrawn_at FROM artworks WHERE fan_key = $1 ORDER BY created_at DESC";
  /**
   * The rows erasure deletes. Not the address's count of today's confirmation mails ({@code mail_daily_counts}):
   * the cap follows the mailbox, so erasing and claiming again cannot reset it. The row names the address until
   * its day is over; purging past days (indexed by day) belongs to the job queue's housekeeping.
   */
  private static final String[][] ERASE = {
      {"mailOutbox", "DELETE FROM mail_outbox WHERE fan_key = $1"},
      {"contestEntries", "DELETE FROM contest_entries WHERE fan_key = $1"},
      {"subscriptions", "DELETE FROM subscriptions WHERE fan_key = $1"},
      {"takes", "DELETE FROM recordings WHERE fan_key = $1"},
      {"goneShares", "INSERT INTO gone_shares (share_id) SELECT share_id FROM artworks WHERE fan_key = $1 ON CONFLICT DO NOTHING"},
      {"artworks", "DELETE FROM artworks WHERE fan_key = $1"}};
  /** The audit log's action for an erasure (read in the console; the actor is the fan, named by a pseudonym). */
  public static final String ERASURE = "fan.erasure";

  /** How long the signed URL of a take's preview in {@code GET /api/fan} plays. */
  static final java.time.Duration PREVIEW_TTL = java.time.Duration.ofHours(1);
  private final Pool pool;
  private final ObjectStorage storage;
  private final String baseUrl;

  public FanDataHandlers(Pool pool, ObjectStorage storage, String baseUrl) {
    this.pool = pool;
    this.storage = storage;
    this.baseUrl = baseUrl;
  }

  public void get(RoutingContext ctx) {
    held(FanAuth.key(ctx))
        .onSuccess(body -> ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
            .end(body.encode()))
        .onFailure(ctx::fail);
  }

  /** What {@code GET /api/fan} answers: subscription, takes and artworks of the fan. */
  Future<JsonObject> held(Buffer fan) {
    return Fans.exists(pool, fan).compose(known -> !known ? Future.succeededFuture(empty())
            : Future.all(Subscriptions.find(pool, fan), Subscriptions.entered(pool, fan), Recordings.forFan(pool, fan).compose(this::withPreviews),
                pool.preparedQuery(ARTWORKS).execute(Tuple.of(fan))).map(all -> {
              Subscriptions.Subscription s = all.resultAt(0);
              JsonObject sub = s == null ? null : new JsonObject().put("email", s.email()).put("name", s.name()).put("team", s.team())
                  .put("lang", s.lang()).put("newsletter", s.newsletter()).put("newsletterConfirmed", s.confirmed()).put("emailConfirmed", s.emailConfirmed())
                  .put("contest", all.<Boolean>resultAt(1));
              JsonArray takes = all.resultAt(2);
              JsonArray artworks = new JsonArray();
              all.<io.vertx.sqlclient.RowSet<Row>>resultAt(3).forEach(r -> artworks.add(new JsonObject()
                  .put("shareId", r.getString("share_id")).put("shareUrl", baseUrl + "/s/" + r.getString("share_id"))
                  .put("team", r.getString("team")).put("lang", r.getString("lang")).put("images", RenderResult.ofImages(r.getJsonObject("images")).links(baseUrl))
                  // a name rejected in the console: the page asks the fan for another one
                  .put("withdrawn", r.getValue("withdrawn_at") != null)));
              return new JsonObject().put("subscription", sub).put("recordings", takes).put("artworks", artworks);
            }));
  }

  /** Each take as JSON; an approved take's "hear yourself" preview as {@code previewUrl} (signed, {@link #PREVIEW_TTL}). */
  private Future<JsonArray> withPreviews(List<Recordings.Take> list) {
    List<Future<JsonObject>> takes = new ArrayList<>();
    for (Recordings.Take t : list) {
      takes.add(t.previewKey() == null ? Future.succeededFuture(t.toJson())
          : storage.presignGet(t.previewKey(), PREVIEW_TTL).map(url -> t.toJson().put("previewUrl", url)));
    }
    return Future.all(takes).map(all -> {
      JsonArray out = new JsonArray();
      takes.forEach(f -> out.add(f.result()));
      return out;
    });
  }

  private static JsonObject empty() {
    return new JsonObject().putNull("subscription").put("recordings", new JsonArray()).put("artworks", new JsonArray());
  }

  public void delete(RoutingContext ctx) {
    Buffer fan = FanAuth.key(ctx);
    JsonObject counts = new JsonObject();
    Future.all(Recordings.keysForFan(pool, fan), pool.preparedQuery(ARTWORKS).execute(Tuple.of(fan)), Recordings.forFan(pool, fan))
        .compose(all -> {
          // artwork keys are the fan's own (ArtworkKeys), so deleting them breaks no one else's images; the takes'
          // keys include their staged uploads and their producer-format FLACs
          List<String> keys = new ArrayList<>(all.<List<String>>resultAt(0));
          all.<List<Recordings.Take>>resultAt(2).forEach(t -> keys.add(chorus.mix.TakeJobs.previewKey(t.id())));
          all.<io.vertx.sqlclient.RowSet<Row>>resultAt(1).forEach(r -> r.getJsonObject("images").forEach(img -> {
            if (img.getValue() instanceof JsonObject i && i.getString("key") != null) keys.add(i.getString("key"));
          }));
          counts.put("objects", keys.size());
          return Future.all(keys.stream().map(storage::delete).toList());
        })
        .compose(v -> pool.withTransaction(conn -> {
          Future<?> f = Future.succeededFuture();
          for (String[] step : ERASE) {
            f = f.compose(x -> conn.preparedQuery(step[1]).execute(Tuple.of(fan)).onSuccess(r -> counts.put(step[0], r.rowCount())));
          }
          // the audit row names the fan by the first half of their key's hash: enough to match a request, not to find them
          return f.compose(x -> conn.preparedQuery("INSERT INTO fans (fan_key, erased_at) VALUES ($1, now()) "
                  + "ON CONFLICT (fan_key) DO UPDATE SET erased_at = coalesce(fans.erased_at, now())").execute(Tuple.of(fan)))
              .compose(x -> AuditLog.write(conn, "fan", ERASURE, "fan:" + pseudonym(fan), counts));
        }))
        .onSuccess(v -> ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end())
        .onFailure(ctx::fail);
  }

  /** The fan's pseudonym in the audit log: hex of the first 16 bytes of SHA-256 over their key. */
  static String pseudonym(Buffer fanKey) {
    return java.util.HexFormat.of().formatHex(chorus.core.Hashes.sha256(fanKey.getBytes()), 0, 16);
  }
}
