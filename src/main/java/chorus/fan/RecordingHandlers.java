package chorus.fan;

import chorus.http.FanAuth;
import chorus.http.RateLimits;
import chorus.ratelimit.RateLimitHandler;

import chorus.campaign.RecordingLimits;
import chorus.db.Fans;
import chorus.db.Recordings;
import chorus.db.Recordings.Take;
import chorus.audio.StoredTakes;
import chorus.core.Failure;
import chorus.jobs.JobOptions;
import chorus.jobs.JobQueue;
import chorus.storage.ObjectInfo;
import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recording uploads in two calls: {@code POST /api/fan/recordings} hands out a short-lived upload target bound
 * to this fan, content type and exact size, at a staging key ({@code uploads/...}); {@code POST .../complete}
 * checks the staged object's size and real type (the container parsed far enough to know it is audio of the
 * declared type), then copies it to the take's key ({@code recordings/...}), which no upload URL points at: a
 * still-valid URL cannot overwrite a completed take. Anything that is not audio is deleted. A fan keeps the
 * newest {@value Recordings#KEPT} takes; a completed take is queued for the audio pipeline ({@link TakeAnalysis}). Staging objects are swept once their URL has expired
 * ({@link UploadSweeper}).
 */
public final class RecordingHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingHandlers.class);
  public static final Duration UPLOAD_TTL = Duration.ofMinutes(10);
  private static final Map<String, String> EXTENSIONS = Map.of("audio/webm", "webm", "audio/ogg", "ogg", "audio/mp4", "m4a",
      "audio/mpeg", "mp3", "audio/wav", "wav");

  private final Pool pool;
  private final ObjectStorage storage;
  private final RecordingLimits limits;

  public RecordingHandlers(Pool pool, ObjectStorage storage, RecordingLimits limits) {
    this.pool = pool;
    this.storage = storage;
    this.limits = limits;
  }

  public void create(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String contentType = body.getString("contentType").trim();
    if (!limits.accepts(contentType) || !contentType.matches("[A-Za-z0-9/.+;=\\- ]+")) {
      throw Failure.invalidField("contentType", "Recordings must be one of " + limits.types() + ".");
    }
    long bytes = body.getLong("bytes");
    if (bytes > limits.maxBytes()) {
      throw Failure.of(Failure.Kind.TOO_LARGE, "too-large", "Recording too large", "A take may be at most " + limits.maxBytes() + " bytes.")
          .with("errors", new io.vertx.core.json.JsonArray().add(new JsonObject().put("field", "bytes").put("detail", "too large")));
    }
    int durationMs = body.getInteger("durationMs");
    if (durationMs < limits.minSeconds() * 1000 || durationMs > limits.maxSeconds() * 1000 + 2000) {
      throw Failure.invalidField("durationMs", "A take must last between " + limits.minSeconds() + " and " + limits.maxSeconds() + " seconds.");
    }
    Buffer fan = FanAuth.key(ctx);
    UUID takeId = body.getString("takeId") == null ? null : UUID.fromString(body.getString("takeId"));
    Recordings.Offset offset = new Recordings.Offset(body.getInteger("offsetMs", 0), body.getString("offsetMethod"));
    UUID id = UUID.randomUUID();
    String name = id + "." + EXTENSIONS.get(RecordingLimits.baseType(contentType));
    String key = "recordings/" + name;
    String uploadKey = "uploads/" + name;
    // the repeat of a take the fan already created (its answer was lost) is answered without spending the take budget
    (takeId == null ? Future.<Recordings.Named>succeededFuture(null) : Recordings.byTakeId(pool, fan, takeId))
        .compose(prior -> prior != null ? Future.succeededFuture(again(prior, contentType, bytes, durationMs)) : takeBudget(ctx)
            .compose(v -> pool.withTransaction(conn -> Fans.ensure(conn, fan)
                .compose(x -> Recordings.insert(conn, id, fan, key, uploadKey, contentType, bytes, durationMs, takeId, offset))
                .compose(inserted -> inserted
                    ? Recordings.pruneOld(conn, fan).map(dropped -> new Granted(id, uploadKey, true, dropped))
                    : Recordings.byTakeId(conn, fan, takeId).map(take -> again(take, contentType, bytes, durationMs))))))
        .onSuccess(granted -> deleteObjects(granted.dropped()))
        .compose(granted -> storage.presignPut(granted.uploadKey(), contentType, bytes, UPLOAD_TTL)
            .onSuccess(target -> ctx.response().setStatusCode(granted.created() ? 201 : 200).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("recordingId", granted.id().toString()).put("upload", target.toJson()).encode())))
        .onFailure(ctx::fail);
  }

  /** A new take spends the fan's take budget (the {@code upload} rate-limit group); 429 when it is spent. */
  private static Future<Void> takeBudget(RoutingContext ctx) {
    RateLimitHandler budget = ctx.get(RateLimits.TAKE_BUDGET);
    return budget == null ? Future.succeededFuture() : budget.admit(ctx);
  }

  /** The upload target handed out: a new take's, or that of the take the fan created before under the same take id. */
  private record Granted(UUID id, String uploadKey, boolean created, List<String> dropped) {}

  /**
   * The same take asked for again (its first answer was lost): the same recording and staging key, with a fresh
   * signature. The repeat must describe the same upload; a take whose URL expired and was swept, or that is no longer
   * held, is a 409 (not a 410, which the page reads as "this fan id is dead"): the client sends it under a new take id.
   */
  private static Granted again(Recordings.Named take, String contentType, long bytes, int durationMs) {
    if (take == null) {
      // a take the fan created under this id and that has been dropped since (beyond the kept takes, or erased)
      throw Failure.conflict("take-gone", "This take is no longer held; send it as a new take.");
    }
    if (!take.contentType().equals(contentType) || take.bytes() != bytes || take.durationMs() != durationMs) {
      throw Failure.conflict("take-id-reused", "This take id was used for another recording; each take needs its own id.");
    }
    if (take.uploadKey() == null || "expired".equals(take.status())) {
      throw Failure.conflict("upload-expired", "This take's upload URL expired; send it as a new take.");
    }
    return new Granted(take.id(), take.uploadKey(), false, List.of());
  }

  public void complete(RoutingContext ctx) {
    Buffer fan = FanAuth.key(ctx);
    UUID id = UUID.fromString(ctx.pathParam("recordingId"));
    Recordings.find(pool, id, fan)
        .compose(take -> {
          if (take == null) return Future.failedFuture(Failure.notFound("No such recording for this fan."));
          if ("complete".equals(take.status())) return Future.succeededFuture(take);
          if (!"pending".equals(take.status())) {
            return Future.failedFuture(Failure.gone("upload-expired", "Upload expired", "This take's upload URL expired; record or send it again."));
          }
          return Recordings.uploadKey(pool, take.id()).compose(uploadKey -> uploadKey == null
              ? Future.failedFuture(Failure.gone("upload-expired", "Upload expired", "This take's upload URL expired; send it again."))
              : storage.head(uploadKey).compose(info -> check(take, uploadKey, info, ctx.vertx())));
        })
        .onSuccess(take -> ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
            .end(take.toJson().encode()))
        .onFailure(ctx::fail);
  }

  /** A take that checks out is copied to its own key and complete, and its audio job is queued in the same transaction. */
  private Future<Take> check(Take take, String uploadKey, ObjectInfo info, Vertx vertx) {
    if (info == null) {
      return Future.failedFuture(Failure.conflict("not-uploaded", "The upload has not arrived yet; send it, then complete again."));
    }
    if (info.size() != take.bytes()) {
      return reject(take, uploadKey, "The upload has " + info.size() + " bytes, not the " + take.bytes() + " announced.");
    }
    return storage.readHead(uploadKey, AudioSniffer.BYTES_NEEDED).compose(head -> {
      String detected = AudioSniffer.detect(head);
      String declared = RecordingLimits.baseType(take.contentType());
      if (detected == null || !limits.types().contains(detected)) return reject(take, uploadKey, "The upload is not a recording in a supported audio format.");
      if (!detected.equals(declared)) return reject(take, uploadKey, "The upload is " + detected + ", not the " + declared + " announced.");
      JobOptions job = JobOptions.DEFAULTS.maxAttempts(5).dedupe(TakeAnalysis.dedupeKey(take.id()));
      return storage.copy(uploadKey, take.objectKey())
          .compose(v -> pool.withTransaction(conn -> Recordings.complete(conn, take.id(), detected)
              .compose(x -> JobQueue.enqueue(conn, TakeAnalysis.KIND, TakeAnalysis.payload(take.id()), job))))
          .onSuccess(jobId -> JobQueue.wake(vertx, TakeAnalysis.KIND))
          .compose(v -> storage.delete(uploadKey))
          .map(v -> new Take(take.id(), take.objectKey(), take.contentType(), take.bytes(), take.durationMs(), "complete", detected,
              take.createdAt(), take.verdict(), take.analysis(), take.previewKey()));
    });
  }

  private Future<Take> reject(Take take, String uploadKey, String why) {
    return storage.delete(uploadKey)
        .compose(v -> Recordings.delete(pool, take.id()))
        .compose(v -> Future.failedFuture(Failure.of(Failure.Kind.UNPROCESSABLE, "not-audio", "Recording refused", why)));
  }

  /** A dropped take's original and its producer FLAC (deleting what is not there succeeds). */
  private void deleteObjects(List<String> keys) {
    for (String key : keys) {
      for (String k : List.of(key, StoredTakes.producerKey(key))) {
        storage.delete(k).onFailure(e -> LOG.error("could not delete dropped take {}: {}", k, e.toString()));
      }
    }
  }
}
