package chorus.mix;

import io.vertx.core.Future;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Vert.x future from a job's worker thread (never an event loop), with a time limit. */
final class Blocking {
  private Blocking() {}

  static <T> T await(Future<T> f, long timeoutSeconds) throws IOException {
    try {
      return f.toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
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
