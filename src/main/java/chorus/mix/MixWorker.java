package chorus.mix;

import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of the jobs {@code mix.leaf}, {@code mix.merge} and {@code mix.root} (blocking: run it on the job
 * worker pool). A job first does its audio work (which writes one storage key, the same bytes whenever it runs),
 * then in one transaction marks its node done, counts it in the mix and in its parent, and puts the parent on
 * the queue when this was its last child. The node's done mark makes that transaction count once even when a
 * job runs again after its container died.
 */
public final class MixWorker {
  private static final Logger LOG = LoggerFactory.getLogger(MixWorker.class);
  /** Who did a job, as recorded in mix_jobs.done_by: this host and process. */
  static final String PROCESS = host() + ":" + ProcessHandle.current().pid();

  private final Pool pool;
  private final MixService service;
  private final MixQueue queue;
  private final MixNodes nodes;
  private final long timeoutSeconds;

  public MixWorker(Pool pool, ObjectStorage storage, MixService service, MixQueue queue, Path scratch, long timeoutSeconds) {
    this.pool = pool;
    this.service = service;
    this.queue = queue;
    this.nodes = new MixNodes(storage, scratch, timeoutSeconds);
    this.timeoutSeconds = timeoutSeconds;
  }

  /** Runs one job; {@code lastAttempt}: a failure now fails the whole mix (the queue dead-letters the job). */
  public void run(JsonObject payload, boolean lastAttempt) throws Exception {
    UUID id = UUID.fromString(payload.getString("mixId"));
    try {
      MixStore.Mix mix = Blocking.await(() -> MixStore.find(pool, id), timeoutSeconds);
      if (mix == null || "failed".equals(mix.state())) {
        LOG.info("mix {} is {}: job {} skipped", id, mix == null ? "gone" : "failed", payload.encode());
        return;
      }
      MixPlan plan = mix.plan();
      MixPlan.Node node = plan.node(payload.getInteger("level"), payload.getInteger("index"));
      JsonObject result = null;
      if (node.root()) {
        Mastering.Result r = nodes.root(id.toString(), node, mix.songSamples(), mix.stem());
        result = new JsonObject().put("targetLufs", Mastering.TARGET_LUFS).put("ceilingDbtp", Mastering.CEILING_DBTP)
            .put("inputLufs", finite(r.inputLufs())).put("gainDb", r.gainDb()).put("lufs", finite(r.outputLufs()))
            .put("truePeakDbtp", finite(r.outputTruePeakDb()));
      } else if (node.level() == 0) {
        List<MixInput> takes = Blocking.await(() -> MixStore.takes(pool, id, node.from(), node.to()), timeoutSeconds);
        List<UUID> missing = nodes.leaf(id.toString(), plan, node, takes, mix.songSamples());
        if (!missing.isEmpty()) {
          LOG.warn("mix {}: {} take(s) left out, their producer file is gone from storage: {}", id, missing.size(), missing);
          Blocking.await(() -> pool.preparedQuery(MixStore.MISSING).execute(Tuple.tuple().addUUID(id).addArrayOfUUID(missing.toArray(new UUID[0]))), timeoutSeconds);
        }
      } else {
        nodes.merge(id.toString(), node, mix.songSamples());
      }
      JsonObject figures = result;
      Boolean parentReady = Blocking.await(() -> finished(id, plan, node, figures), timeoutSeconds);
      if (Boolean.TRUE.equals(parentReady)) queue.wake(kindOf(plan.parent(node)));
      if (node.root()) nodes.deleteSubmixes(id.toString(), plan);
    } catch (Exception e) {
      if (lastAttempt) {
        LOG.error("mix {} failed in job {}: {}", id, payload.encode(), e.toString());
        Blocking.await(() -> pool.preparedQuery(MixStore.FAIL).execute(Tuple.of(id, String.valueOf(e.getMessage()))), timeoutSeconds);
      }
      throw e;
    }
  }

  /** Marks the node done (once), counts it, and enqueues the parent when its last child is in; true if it did. */
  private Future<Boolean> finished(UUID id, MixPlan plan, MixPlan.Node node, JsonObject result) {
    return pool.withTransaction(tx -> tx.preparedQuery(MixStore.JOB_DONE).execute(Tuple.of(id, node.level(), node.index(), PROCESS))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(false); // counted by an earlier run of this job
          Future<Void> counted = tx.preparedQuery(MixStore.COUNT_DONE).execute(Tuple.of(id)).mapEmpty();
          if (node.root()) return counted.compose(v -> tx.preparedQuery(MixStore.FINISH).execute(Tuple.of(id, result))).map(false);
          MixPlan.Node parent = plan.parent(node);
          return counted.compose(v -> tx.preparedQuery(MixStore.CHILD_DONE).execute(Tuple.of(id, parent.level(), parent.index())))
              .compose(rows2 -> MixStore.returnedTrue(rows2)
                  ? service.enqueue(tx, id, parent).map(true)
                  : Future.succeededFuture(false));
        }));
  }

  private static String host() {
    String h = System.getenv("HOSTNAME");
    return h == null || h.isBlank() ? "local" : h;
  }

  static String kindOf(MixPlan.Node n) {
    return n.root() ? MixService.ROOT : n.level() == 0 ? MixService.LEAF : MixService.MERGE;
  }

  private static Object finite(double v) {
    return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : null;
  }
}
