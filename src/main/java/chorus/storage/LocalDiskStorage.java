package chorus.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Objects as files under one folder. Writes go to a temporary file that is then moved into place, so a
 * reader never sees half an object and a crash leaves no torn file. Content types are stored beside the
 * object in a {@code .type} file.
 */
public final class LocalDiskStorage implements ObjectStorage {
  private final Vertx vertx;
  private final FileSystem fs;
  private final Path root;
  private final UploadSigner signer;
  private final String baseUrl;

  public LocalDiskStorage(Vertx vertx, Path root, UploadSigner signer, String baseUrl) {
    this.vertx = vertx;
    this.fs = vertx.fileSystem();
    this.root = root.toAbsolutePath();
    this.signer = signer;
    this.baseUrl = baseUrl;
  }

  public Path pathOf(String key) {
    ObjectStorage.checkKey(key);
    return root.resolve(key);
  }

  /** A fresh temporary file beside the objects, for streamed uploads that are moved in by {@link #commit}. */
  public Path tempFile() {
    return root.resolve(".tmp").resolve(UUID.randomUUID().toString());
  }

  public Future<Void> commit(Path temp, String key, String contentType) {
    Path target = pathOf(key);
    return fs.mkdirs(target.getParent().toString())
        .compose(v -> fs.writeFile(target + ".type", Buffer.buffer(contentType)))
        .compose(v -> fs.move(temp.toString(), target.toString(),
            new io.vertx.core.file.CopyOptions().setReplaceExisting(true).setAtomicMove(true)));
  }

  public Future<Void> prepareTemp() {
    return fs.mkdirs(root.resolve(".tmp").toString());
  }

  @Override
  public Future<Void> put(String key, Buffer data, String contentType) {
    ObjectStorage.checkKey(key);
    Path temp = tempFile();
    return prepareTemp()
        .compose(v -> fs.writeFile(temp.toString(), data))
        .compose(v -> commit(temp, key, contentType));
  }

  @Override
  public Future<Buffer> get(String key) {
    Path p = pathOf(key);
    return fs.exists(p.toString()).compose(e -> e ? fs.readFile(p.toString()) : Future.failedFuture(new MissingObjectException(key)));
  }

  @Override
  public Future<ObjectInfo> head(String key) {
    Path p = pathOf(key);
    return fs.exists(p.toString()).compose(exists -> {
      if (!exists) return Future.succeededFuture(null);
      return Future.all(fs.props(p.toString()), fs.readFile(p + ".type").otherwise(Buffer.buffer("application/octet-stream")))
          .map(all -> new ObjectInfo(key, all.<io.vertx.core.file.FileProps>resultAt(0).size(), all.<Buffer>resultAt(1).toString()));
    });
  }

  @Override
  public Future<Buffer> readHead(String key, int length) {
    Path p = pathOf(key);
    return fs.open(p.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .recover(e -> Future.failedFuture(new MissingObjectException(key)))
        .compose(file -> file.read(Buffer.buffer(length), 0, 0, length).eventually(file::close));
  }

  @Override
  public Future<Void> copy(String fromKey, String toKey) {
    ObjectStorage.checkKey(fromKey);
    ObjectStorage.checkKey(toKey);
    Path from = pathOf(fromKey);
    Path temp = tempFile();
    return fs.exists(from.toString())
        .compose(e -> e ? prepareTemp() : Future.failedFuture(new MissingObjectException(fromKey)))
        .compose(v -> fs.copy(from.toString(), temp.toString()))
        .compose(v -> fs.readFile(from + ".type").otherwise(Buffer.buffer("application/octet-stream")))
        .compose(type -> commit(temp, toKey, type.toString()));
  }

  @Override
  public Future<Void> delete(String key) {
    Path p = pathOf(key);
    return deleteIfExists(p + ".type").compose(v -> deleteIfExists(p.toString()));
  }

  private Future<Void> deleteIfExists(String path) {
    return fs.exists(path).compose(e -> e ? fs.delete(path) : Future.succeededFuture());
  }

  @Override
  public Future<UploadTarget> presignPut(String key, String contentType, long maxBytes, Duration ttl) {
    ObjectStorage.checkKey(key);
    Instant expires = Instant.now().plus(ttl);
    String url = signer.url(baseUrl, key, contentType, maxBytes, expires);
    return Future.succeededFuture(new UploadTarget("PUT", url, Map.of("Content-Type", contentType), expires));
  }

  @Override
  public Future<String> presignGet(String key, Duration ttl) {
    ObjectStorage.checkKey(key);
    return Future.succeededFuture(signer.downloadUrl(baseUrl, key, Instant.now().plus(ttl)));
  }

  @Override
  public Future<Void> check() {
    return fs.mkdirs(root.toString()).compose(v -> vertx.executeBlocking(() -> {
      if (!root.toFile().canWrite()) throw new IllegalStateException("storage folder not writable");
      return null;
    }));
  }

  @Override
  public String kind() {
    return "local";
  }
}
