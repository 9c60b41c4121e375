package chorus.audio;

import chorus.storage.ObjectStorage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A take in object storage through the {@link TakeProcessor}: the original object is copied to a temp file, the
 * producer FLAC is stored beside it under {@link #producerKey}. Blocking: call it on a worker thread (the job
 * queue's), never on an event loop, since it waits on the storage futures.
 */
public final class StoredTakes {
  public static final String PRODUCER_TYPE = "audio/flac";
  /** Longest wait for one storage call. */
  public static final long STORAGE_SECONDS = 120;

  private final ObjectStorage storage;
  private final TakeProcessor processor;

  public StoredTakes(ObjectStorage storage, TakeProcessor processor) {
    this.storage = storage;
    this.processor = processor;
  }

  /** {@code recordings/<id>.webm} → {@code recordings/<id>.producer.flac}. */
  public static String producerKey(String originalKey) {
    int slash = originalKey.lastIndexOf('/');
    int dot = originalKey.lastIndexOf('.');
    return (dot > slash ? originalKey.substring(0, dot) : originalKey) + ".producer.flac";
  }

  /** Analyses the take stored under the key; when the FLAC is written it is stored under {@link #producerKey}. */
  public TakeResult process(String originalKey) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("chorus-take-");
      Path original = dir.resolve("original");
      Path flac = dir.resolve("producer.flac");
      Files.write(original, await(() -> storage.get(originalKey)).getBytes());
      TakeResult r = processor.process(original, flac);
      if (r.producerWritten()) {
        Buffer bytes = Buffer.buffer(Files.readAllBytes(flac));
        await(() -> storage.put(producerKey(originalKey), bytes, PRODUCER_TYPE));
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("take " + originalKey, e);
    } finally {
      if (dir != null) deleteTree(dir);
    }
  }

  /**
   * Starts the storage call on a thread outside Vert.x and waits for it. Started on the job thread itself, the
   * storage's executeBlocking would queue on the same bounded job pool, whose threads may all be waiting here.
   */
  private static <T> T await(java.util.function.Supplier<Future<T>> call) {
    try {
      Future<T> f = java.util.concurrent.CompletableFuture.supplyAsync(call, CALLS).get(STORAGE_SECONDS, TimeUnit.SECONDS);
      return await(f);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for storage", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("storage call did not start: " + e, e);
    }
  }

  private static final java.util.concurrent.ExecutorService CALLS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "chorus-audio-storage");
    t.setDaemon(true);
    return t;
  });

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(STORAGE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for storage", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("storage did not answer in " + STORAGE_SECONDS + " s", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) Files.deleteIfExists(p);
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      dir.toFile().deleteOnExit();
    }
  }
}
