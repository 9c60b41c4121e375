package chorus.http;

import chorus.core.Hashes;
import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.MimeMapping;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The website's small files held in memory, each with its gzip and Brotli variants compressed once, so a page
 * or asset is answered from a ready buffer: no file system call, no compression per request, a strong ETag from
 * the content. Production only (files are read-only there); local mode serves from disk so edits show at once.
 * Built once per process and webroot, off the event loop; Brotli (slow at its best quality) is added afterwards
 * by a background task, so start-up never waits for it. Files above {@link #MAX_FILE_BYTES} (audio, large images)
 * are not held: the disk handler serves them, with ranges.
 */
final class WebrootCache {
  private static final Logger LOG = LoggerFactory.getLogger(WebrootCache.class);
  static final int MAX_FILE_BYTES = 512 * 1024;
  private static final long MAX_TOTAL_BYTES = 32L * 1024 * 1024;
  private static final Map<Path, Future<WebrootCache>> BUILT = new ConcurrentHashMap<>();

  /** One representation of a file: its bytes as sent, the ETag of those bytes. */
  record Variant(Buffer body, String etag) {}

  /** A file as held: its content type and up to three representations (gzip and Brotli only where they pay). */
  static final class Entry {
    final String contentType;
    final Variant identity;
    final Variant gzip;
    volatile Variant brotli;

    Entry(String contentType, Variant identity, Variant gzip) {
      this.contentType = contentType;
      this.identity = identity;
      this.gzip = gzip;
    }
  }

  private final Map<String, Entry> entries;

  private WebrootCache(Map<String, Entry> entries) {
    this.entries = entries;
  }

  /** The process's cache of {@code root}, built on a worker thread the first time it is asked for. */
  static Future<WebrootCache> of(Vertx vertx, Path root) {
    return BUILT.computeIfAbsent(root.toAbsolutePath().normalize(), r -> vertx.executeBlocking(() -> {
      WebrootCache cache = load(r);
      vertx.executeBlocking(() -> cache.addBrotli(), false)
          .onFailure(err -> LOG.warn("Brotli variants of the website not built ({}); gzip and identity are served", err.toString()));
      return cache;
    }, false));
  }

  /** The entry for a request path ({@code /} and paths ending in {@code /} mean their {@code index.html}), or null. */
  Entry get(String path) {
    return entries.get(path.endsWith("/") ? path + "index.html" : path);
  }

  int size() {
    return entries.size();
  }

  static WebrootCache load(Path root) {
    Map<String, Entry> entries = new HashMap<>();
    long total = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        long size = Files.size(f);
        String name = f.getFileName().toString();
        if (size > MAX_FILE_BYTES || total + size > MAX_TOTAL_BYTES || name.startsWith(".")) continue;
        byte[] raw = Files.readAllBytes(f);
        total += raw.length;
        String type = contentType(name);
        String hash = hash(raw);
        Variant gzip = null;
        if (compressible(type)) {
          byte[] gz = gzip(raw);
          if (gz.length < raw.length * 9L / 10) gzip = new Variant(Buffer.buffer(gz), "\"" + hash + ".gz\"");
        }
        String path = "/" + root.relativize(f).toString().replace('\\', '/');
        entries.put(path, new Entry(type, new Variant(Buffer.buffer(raw), "\"" + hash + "\""), gzip));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the website from " + root, e);
    }
    LOG.info("Website in memory: {} files, {} KiB", entries.size(), total / 1024);
    return new WebrootCache(entries);
  }

  /** Adds the Brotli variant (quality 11) of every file it makes smaller than its gzip variant. */
  private Void addBrotli() throws IOException {
    Brotli4jLoader.ensureAvailability();
    Encoder.Parameters best = new Encoder.Parameters().setQuality(11);
    int added = 0;
    for (Entry e : entries.values()) {
      if (!compressible(e.contentType)) continue;
      byte[] raw = e.identity.body().getBytes();
      byte[] br = Encoder.compress(raw, best);
      int beat = e.gzip == null ? raw.length * 9 / 10 : e.gzip.body().length();
      if (br.length < beat) {
        String etag = e.identity.etag();
        e.brotli = new Variant(Buffer.buffer(br), etag.substring(0, etag.length() - 1) + ".br\"");
        added++;
      }
    }
    LOG.info("Website in memory: Brotli variants of {} files", added);
    return null;
  }

  static String contentType(String name) {
    String type = MimeMapping.mimeTypeForFilename(name);
    if (type == null) return "application/octet-stream";
    return type.startsWith("text") ? type + ";charset=UTF-8" : type;
  }

  static boolean compressible(String type) {
    return type.startsWith("text/") || type.startsWith("application/json") || type.startsWith("application/javascript")
        || type.startsWith("image/svg+xml") || type.startsWith("application/xml") || type.startsWith("application/manifest+json");
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip in memory", e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  private static String hash(byte[] raw) {
    return HexFormat.of().formatHex(Hashes.sha256(raw), 0, 12);
  }

}
