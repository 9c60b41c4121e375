package chorus.http;

import chorus.core.Failure;

import chorus.storage.LocalDiskStorage;
import chorus.storage.MissingObjectException;
import chorus.storage.UploadSigner;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** The app's own presigned GET for local storage: a valid, unexpired signature streams the object. */
public final class LocalDownloadHandler implements Handler<RoutingContext> {
  private final LocalDiskStorage storage;
  private final UploadSigner signer;

  public LocalDownloadHandler(LocalDiskStorage storage, UploadSigner signer) {
    this.storage = storage;
    this.signer = signer;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String key = ctx.request().path().substring(UploadSigner.DOWNLOAD_PATH.length());
    long exp;
    try {
      exp = Long.parseLong(String.valueOf(ctx.request().getParam("exp")));
    } catch (NumberFormatException e) {
      exp = -1;
    }
    if (exp < 0 || !signer.validDownload(key, exp, ctx.request().getParam("sig"), Instant.now())) {
      ctx.fail(Failure.of(Failure.Kind.FORBIDDEN, "bad-download-url", "Download URL not valid", "This download URL is wrong or has expired."));
      return;
    }
    storage.head(key).compose(info -> info == null ? io.vertx.core.Future.failedFuture(new MissingObjectException(key))
            : ctx.response().putHeader("Content-Type", info.contentType()).putHeader("Cache-Control", "private, no-store")
                .sendFile(storage.pathOf(key).toString()))
        .onFailure(e -> {
          if (!ctx.response().headWritten()) ctx.fail(e instanceof MissingObjectException ? Failure.notFound("No such object.") : e);
        });
  }
}
