package chorus.jobs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The job kinds this process works on, each with its handler and time ceiling. Built once in
 * {@code MainVerticle} before the job workers deploy; a worker claims only the kinds registered here, so a
 * container that does not know a kind leaves its jobs to one that does.
 */
public final class JobHandlers {
  /** A kind's handler and the longest one attempt may run before it is interrupted and retried. */
  public record Registration(String kind, JobHandler handler, Duration timeout) {}

  private final Map<String, Registration> byKind = new LinkedHashMap<>();

  /** Registers {@code handler} for {@code kind} (names like {@code audio.take}); one handler per kind. */
  public synchronized JobHandlers register(String kind, JobHandler handler, Duration timeout) {
    if (kind == null || !kind.matches("[a-z][a-z0-9_.-]{0,62}")) throw new IllegalArgumentException("bad job kind '" + kind + "'");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    if (byKind.putIfAbsent(kind, new Registration(kind, handler, timeout)) != null) {
      throw new IllegalStateException("a handler for job kind '" + kind + "' is registered already");
    }
    return this;
  }

  public synchronized Optional<Registration> get(String kind) {
    return Optional.ofNullable(byKind.get(kind));
  }

  public synchronized Set<String> kinds() {
    return Set.copyOf(byKind.keySet());
  }

  /** The longest ceiling of any kind (the worker pool's blocked-thread warning comes after it). */
  public synchronized Duration longestTimeout() {
    return byKind.values().stream().map(Registration::timeout).max(Duration::compareTo).orElse(Duration.ofMinutes(1));
  }
}
