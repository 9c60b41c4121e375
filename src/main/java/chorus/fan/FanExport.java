package chorus.fan;

import chorus.db.Recordings;
import chorus.http.FanAuth;
import chorus.http.ResponseOutput;
import chorus.storage.ObjectStorage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code GET /api/fan/export}: what is held about the fan, as a ZIP streamed to them: {@code data.json} (what
 * {@code GET /api/fan} shows: subscription, takes' metadata, artworks with their links), then each take's audio as
 * it was sent ({@code takes/<id>.<ext>}), one file in memory at a time, each 64 KiB chunk sent only when the
 * response has room. A take whose file is gone from storage is listed in {@code missing.txt} instead.
 */
final class FanExport {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FanExport.class);
  private final Pool pool;
  private final ObjectStorage storage;
  private final FanDataHandlers data;

  FanExport(Pool pool, ObjectStorage storage, FanDataHandlers data) {
    this.pool = pool;
    this.storage = storage;
    this.data = data;
  }

  void handle(RoutingContext ctx) {
    Buffer fan = FanAuth.key(ctx);
    Vertx vertx = ctx.vertx();
    Context context = vertx.getOrCreateContext();
    Future.all(data.held(fan), Recordings.forFan(pool, fan)).compose(all -> {
      HttpServerResponse response = ctx.response().setChunked(true).putHeader("Content-Type", "application/zip")
          .putHeader("Cache-Control", "no-store").putHeader("Content-Disposition", "attachment; filename=\"my-chorus-data.zip\"");
      JsonObject held = all.resultAt(0);
      List<Recordings.Take> takes = all.resultAt(1);
      return vertx.executeBlocking(() -> zip(held, takes, new ResponseOutput(context, response)), false);
    }).onSuccess(n -> ctx.response().end()).onFailure(e -> {
      if (!ctx.response().headWritten()) ctx.fail(e);
      else {
        LOG.warn("fan export cut short: {}", e.toString());
        ctx.response().reset();
      }
    });
  }

  private int zip(JsonObject held, List<Recordings.Take> takes, ResponseOutput out) throws Exception {
    List<String> missing = new ArrayList<>();
    int files = 0;
    try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      zip.putNextEntry(new ZipEntry("data.json"));
      zip.write(held.encodePrettily().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      for (Recordings.Take t : takes) {
        if (!"complete".equals(t.status())) continue; // never uploaded in full: there is no file of it
        Buffer audio;
        try {
          audio = storage.get(t.objectKey()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          missing.add(t.id() + " " + e.getCause());
          continue;
        }
        zip.putNextEntry(new ZipEntry("takes/" + t.id() + extension(t.contentType())));
        zip.write(audio.getBytes());
        zip.closeEntry();
        files++;
      }
      if (!missing.isEmpty()) {
        zip.putNextEntry(new ZipEntry("missing.txt"));
        zip.write(("Takes whose file could not be read:\n" + String.join("\n", missing) + "\n").getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return files;
  }

  static String extension(String contentType) {
    String type = contentType == null ? "" : contentType.split(";", 2)[0].trim();
    return switch (type) {
      case "audio/webm" -> ".webm";
      case "audio/ogg" -> ".ogg";
      case "audio/mp4", "audio/aac", "audio/x-m4a" -> ".m4a";
      case "audio/mpeg" -> ".mp3";
      case "audio/wav", "audio/x-wav", "audio/wave" -> ".wav";
      case "audio/flac" -> ".flac";
      default -> ".bin";
    };
  }
}
