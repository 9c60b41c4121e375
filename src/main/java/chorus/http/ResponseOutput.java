package chorus.http;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An {@link OutputStream} for a worker thread that writes a streamed download (a ZIP export): 64 KiB chunks handed
 * to the response on its context, the writer waiting while the response's queue is full, so memory stays one
 * chunk whatever the size. A client that went away, or stopped reading for two minutes, fails the next write.
 */
public final class ResponseOutput extends OutputStream {
  private final Context context;
  private final HttpServerResponse response;
  private final byte[] chunk = new byte[64 * 1024];
  private int used;
  private volatile boolean closed;
  private volatile CompletableFuture<Void> pending;

  public ResponseOutput(Context context, HttpServerResponse response) {
    this.context = context;
    this.response = response;
    context.runOnContext(v -> response.closeHandler(x -> {
      closed = true;
      CompletableFuture<Void> p = pending;
      if (p != null) p.complete(null);
    }));
  }

  @Override
  public void write(int b) throws IOException {
    if (used == chunk.length) flush();
    chunk[used++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (used == chunk.length) flush();
      int n = Math.min(len, chunk.length - used);
      System.arraycopy(b, off, chunk, used, n);
      used += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    if (used == 0) return;
    if (closed) throw new IOException("the client went away");
    Buffer data = Buffer.buffer(used).appendBytes(chunk, 0, used);
    used = 0;
    CompletableFuture<Void> room = new CompletableFuture<>();
    pending = room;
    context.runOnContext(v -> {
      response.write(data);
      if (!response.writeQueueFull()) room.complete(null);
      else response.drainHandler(x -> room.complete(null));
    });
    try {
      room.get(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (Exception e) {
      throw new IOException("the client stopped reading", e);
    }
    if (closed) throw new IOException("the client went away");
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
