package chorus.fan;

import chorus.audio.AudioThresholds;
import chorus.audio.BackingTrack;
import chorus.audio.Ffmpeg;
import chorus.audio.StoredTakes;
import chorus.audio.TakeProcessor;
import chorus.audio.TakeResult;
import chorus.campaign.Campaign;
import chorus.db.Recordings;
import chorus.jobs.JobHandler;
import chorus.storage.ObjectStorage;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The work of the {@code audio.take} job: a completed take is heard by the audio pipeline, its verdict, figures
 * and producer FLAC key land in its {@code recordings} row. Blocking (a worker thread of the job queue).
 * Idempotent: a rerun after a crash overwrites the same FLAC object and the same columns. A take erased before or
 * while it is analysed leaves nothing behind.
 */
public final class TakeAnalysis {
  public static final String KIND = "audio.take";

  private final Pool pool;
  private final ObjectStorage storage;
  private final AudioThresholds thresholds;
  private final Path backingTrack;
  private volatile StoredTakes takes;

  public TakeAnalysis(Pool pool, ObjectStorage storage, Campaign campaign, Path webroot) {
    this.pool = pool;
    this.storage = storage;
    this.thresholds = AudioThresholds.fromJson(campaign.audio(), campaign.recording().minSeconds(), campaign.recording().maxSeconds());
    this.backingTrack = webroot.resolve(campaign.backingTrackUrl());
  }

  public static JsonObject payload(UUID recordingId) {
    return new JsonObject().put("recordingId", recordingId.toString());
  }

  /** The job's dedupe key: one analysis per take. */
  public static String dedupeKey(UUID recordingId) {
    return KIND + ":" + recordingId;
  }

  /** Analyses the take named by a job payload. */
  public void handle(JsonObject payload) throws Exception {
    analyse(UUID.fromString(payload.getString("recordingId")));
  }

  public void analyse(UUID id) throws Exception {
    String key = JobHandler.await(Recordings.completedKey(pool, id));
    if (key == null) return;                      // erased, or never completed: nothing to hear
    TakeResult r = takes().process(key);
    String producer = r.producerWritten() ? StoredTakes.producerKey(key) : null;
    boolean saved = JobHandler.await(Recordings.saveAnalysis(pool, id, r.verdict().value(), r.figures(), producer));
    if (!saved && producer != null) JobHandler.await(storage.delete(producer));   // erased while we listened
  }

  /** Built on first use, on the worker thread: preparing the backing track decodes it (about half a CPU-second). */
  private StoredTakes takes() {
    StoredTakes t = takes;
    if (t == null) {
      synchronized (this) {
        if (takes == null) {
          Ffmpeg ffmpeg = Ffmpeg.bundled();
          takes = new StoredTakes(storage, new TakeProcessor(ffmpeg, thresholds, BackingTrack.load(ffmpeg, backingTrack, thresholds)));
        }
        t = takes;
      }
    }
    return t;
  }

  /** The job's time ceiling: the decode ceiling plus the storage round trips, with room to spare. */
  public Duration timeout() {
    return Duration.ofSeconds(thresholds.jobSeconds() + 2L * StoredTakes.STORAGE_SECONDS + 30);
  }
}
