package chorus.http;

import chorus.core.Failure;

import chorus.storage.LocalDiskStorage;
import chorus.storage.UploadSigner;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.file.OpenOptions;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's own presigned PUT for local storage: checks the signature, expiry, content type and size
 * limit, then streams the body to a temporary file and moves it into place. The body is never held in
 * memory; a client that stops half-way leaves nothing behind.
 */
public final class LocalUploadHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(LocalUploadHandler.class);
  private final LocalDiskStorage storage;
  private final UploadSigner signer;

  public LocalUploadHandler(LocalDiskStorage storage, UploadSigner signer) {
    this.storage = storage;
    this.signer = signer;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    req.pause();
    String key = req.path().substring(UploadSigner.PATH.length());
    String ct = req.getParam("ct");
    long max = parse(req.getParam("max"));
    long exp = parse(req.getParam("exp"));
    if (ct == null || max < 0 || exp < 0 || !signer.valid(key, ct, max, exp, req.getParam("sig"), Instant.now())) {
      ctx.fail(Failure.of(Failure.Kind.FORBIDDEN, "bad-upload-url", "Upload URL not valid", "This upload URL is wrong or has expired; ask for a new one."));
      return;
    }
    if (!ct.equals(req.getHeader("Content-Type"))) {
      ctx.fail(Failure.of(Failure.Kind.UNSUPPORTED_TYPE, "wrong-content-type", "Wrong content type", "This upload URL takes " + ct + " only."));
      return;
    }
    long length = parse(req.getHeader("Content-Length"));
    if (length < 0) {
      ctx.fail(Failure.of(Failure.Kind.LENGTH_REQUIRED, "length-required", "Length required", "Send a Content-Length header."));
      return;
    }
    if (length > max) {
      ctx.fail(Failure.of(Failure.Kind.TOO_LARGE, "too-large", "Payload too large", "This upload may be at most " + max + " bytes."));
      return;
    }
    Path temp = storage.tempFile();
    storage.prepareTemp()
        .compose(v -> ctx.vertx().fileSystem().open(temp.toString(), new OpenOptions().setWrite(true).setCreateNew(true)))
        .compose(file -> req.pipeTo(file))
        .compose(v -> storage.commit(temp, key, ct))
        .onSuccess(v -> ctx.response().setStatusCode(200).end())
        .onFailure(e -> {
          ctx.vertx().fileSystem().exists(temp.toString())
              .compose(exists -> exists ? ctx.vertx().fileSystem().delete(temp.toString()) : io.vertx.core.Future.succeededFuture())
              .onFailure(d -> LOG.warn("could not remove partial upload {}: {}", temp, d.toString()));
          if (!ctx.response().ended()) ctx.fail(req.isEnded() ? e : Failure.invalid("The upload did not arrive whole."));
        });
  }

  private static long parse(String s) {
    try {
      return s == null ? -1 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
