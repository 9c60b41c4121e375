package chorus.jobs;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One claimed job as its handler sees it. {@code attempt} counts this run (1 on the first); a job that was
 * claimed before by a container that died counts that run too.
 */
public record Job(long id, String kind, JsonObject payload, int priority, int attempt, int maxAttempts, Instant createdAt) {}
