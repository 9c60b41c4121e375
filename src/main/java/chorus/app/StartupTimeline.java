package chorus.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;

/**
 * Where a start's time went: each step's start and end in milliseconds since the JVM started, for the one log line
 * "start-up steps: ..." that the main verticle writes once it is deployed (and bench/startup reads beside the wall time).
 * Steps may overlap: the independent ones run at the same time.
 */
final class StartupTimeline {
  private final long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
  private final Map<Long, String> steps = new ConcurrentSkipListMap<>();

  /** Runs {@code work} on a worker thread of its own (unordered: it does not queue behind other blocking steps). */
  <T> Future<T> blocking(Vertx vertx, String step, Callable<T> work) {
    return vertx.executeBlocking(() -> {
      long from = now();
      try {
        return work.call();
      } finally {
        record(step, from);
      }
    }, false);
  }

  /** Records {@code step} from {@code from} (a {@link #now()}) until now, when {@code future} completes. */
  <T> Future<T> timed(String step, Future<T> future) {
    long from = now();
    return future.andThen(ar -> record(step, from));
  }

  long now() {
    return System.currentTimeMillis() - jvmStart;
  }

  private void record(String step, long from) {
    long to = now();
    // keyed by end time (and a tie-breaker in the low bits), so the line reads in the order steps finished
    steps.put(to * 1_000 + steps.size() % 1_000, step + " " + from + "-" + to);
  }

  /** {@code "campaign 410-480, storage 405-1210, ..."}: milliseconds since the JVM started. */
  @Override
  public String toString() {
    return steps.values().stream().collect(Collectors.joining(", "));
  }
}
