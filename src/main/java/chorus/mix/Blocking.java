package chorus.mix;

import io.vertx.core.Future;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waits for a Vert.x future from a job's worker thread, with a time limit. The call that makes the future runs
 * on a plain thread outside Vert.x: storage calls that use {@code executeBlocking} would otherwise be queued
 * on the job worker pool whose thread is the one waiting (a deadlock once every job thread waits).
 */
final class Blocking {
  private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "chorus-mix-call");
    t.setDaemon(true);
    return t;
  });

  private Blocking() {}

  static <T> T await(Supplier<Future<T>> call, long timeoutSeconds) throws IOException {
    CompletableFuture<T> result = CompletableFuture.supplyAsync(call, CALLS)
        .thenCompose(f -> f.toCompletionStage().toCompletableFuture());
    try {
      return result.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) throw r;
      throw new IOException(c.getMessage(), c);
    } catch (TimeoutException e) {
      throw new IOException("no answer in " + timeoutSeconds + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
