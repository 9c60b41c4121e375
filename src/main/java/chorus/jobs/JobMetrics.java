package chorus.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job queue's meters, built once per process (Prometheus names in brackets):
 * <ul>
 *   <li>{@code chorus.jobs.depth} {kind, state} [chorus_jobs_depth]: jobs queued, running or dead in the
 *       whole queue (every container reports the same figure: let an autoscaler take the max, not the sum);</li>
 *   <li>{@code chorus.jobs.oldest} {kind} [chorus_jobs_oldest_seconds]: how long the oldest due job has waited;</li>
 *   <li>{@code chorus.jobs.attempts}, {@code .completed}, {@code .failures}, {@code .dead}, {@code .lost} {kind}
 *       [..._total]: what this process's workers did;</li>
 *   <li>{@code chorus.jobs.duration} {kind, outcome} [chorus_jobs_duration_seconds]: time per attempt;</li>
 *   <li>{@code chorus.jobs.busy} [chorus_jobs_busy]: attempts running in this process now.</li>
 * </ul>
 * Depth and age are read from the database by {@link #watch} on a timer.
 */
public final class JobMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(JobMetrics.class);
  static final List<String> STATES = List.of("queued", "running", "dead");

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> depth = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> oldestMillis = new ConcurrentHashMap<>();
  private final AtomicLong busy = new AtomicLong();

  /** {@code registry} null (Vert.x without metrics) keeps the figures in a private registry. */
  public JobMetrics(MeterRegistry registry) {
    this.registry = registry == null ? new SimpleMeterRegistry() : registry;
    Gauge.builder("chorus.jobs.busy", busy, AtomicLong::get).description("Job attempts running in this process").register(this.registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Refreshes depth and age now and then every {@code periodMillis}; answers the timer id. */
  public long watch(Vertx vertx, JobQueue queue, long periodMillis) {
    refresh(queue);
    return vertx.setPeriodic(periodMillis, id -> refresh(queue));
  }

  /** Reads depth and age once. */
  public Future<Void> refresh(JobQueue queue) {
    return queue.depth().onFailure(e -> LOG.warn("job queue depth not read: {}", e.toString())).map(rows -> {
      Set<String> seen = new HashSet<>();
      for (JobQueue.Depth d : rows) {
        for (String s : STATES) depthOf(d.kind(), s);
        seen.add(d.kind() + '\0' + d.state());
        depthOf(d.kind(), d.state()).set(d.jobs());
        if ("queued".equals(d.state())) oldestOf(d.kind()).set(Math.round(d.oldestSeconds() * 1000));
      }
      depth.forEach((key, value) -> {
        if (!seen.contains(key)) value.set(0);
      });
      oldestMillis.forEach((kind, value) -> {
        if (!seen.contains(kind + '\0' + "queued")) value.set(0);
      });
      return null;
    });
  }

  /** Makes a kind's gauges exist (at 0) before any job of it was seen. */
  public void known(Set<String> kinds) {
    for (String kind : kinds) {
      for (String s : STATES) depthOf(kind, s);
      oldestOf(kind);
    }
  }

  private AtomicLong depthOf(String kind, String state) {
    return depth.computeIfAbsent(kind + '\0' + state, k -> {
      AtomicLong v = new AtomicLong();
      Gauge.builder("chorus.jobs.depth", v, AtomicLong::get).description("Jobs in the queue by kind and state")
          .tags("kind", kind, "state", state).register(registry);
      return v;
    });
  }

  private AtomicLong oldestOf(String kind) {
    return oldestMillis.computeIfAbsent(kind, k -> {
      AtomicLong v = new AtomicLong();
      Gauge.builder("chorus.jobs.oldest", v, x -> x.get() / 1000.0).baseUnit("seconds")
          .description("How long the oldest due job of a kind has waited").tags("kind", kind).register(registry);
      return v;
    });
  }

  void started(String kind) {
    busy.incrementAndGet();
    counter("chorus.jobs.attempts", kind).increment();
  }

  void completed(String kind, long nanos) {
    ended(kind, "done", nanos);
    counter("chorus.jobs.completed", kind).increment();
  }

  /** An attempt failed; {@code dead} when the job will not be tried again. */
  void failed(String kind, long nanos, boolean dead) {
    ended(kind, "failed", nanos);
    counter("chorus.jobs.failures", kind).increment();
    if (dead) counter("chorus.jobs.dead", kind).increment();
  }

  /** An attempt whose lease this process lost (another worker may run the job again). */
  void lost(String kind, long nanos) {
    ended(kind, "lost", nanos);
    counter("chorus.jobs.lost", kind).increment();
  }

  void dead(String kind) {
    counter("chorus.jobs.dead", kind).increment();
  }

  private void ended(String kind, String outcome, long nanos) {
    busy.decrementAndGet();
    Timer.builder("chorus.jobs.duration").description("Time per job attempt").tags("kind", kind, "outcome", outcome)
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Counter counter(String name, String kind) {
    return Counter.builder(name).tags("kind", kind).register(registry);
  }
}
