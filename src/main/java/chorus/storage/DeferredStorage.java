package chorus.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;

/**
 * A storage still being built: the S3 client (the SDK's first client loads some 1,500 classes) is made on a worker
 * thread while the process starts, and the HTTP servers do not wait for it. A call made before it is there waits for
 * it (a few hundred milliseconds at most after the process is ready) instead of failing; a client that could not be
 * built fails every call with the reason, and the start-up itself with it. Keys are checked at the call, as the built
 * storages do.
 */
public final class DeferredStorage implements ObjectStorage {
  private final String kind;
  private final Future<ObjectStorage> storage;

  public DeferredStorage(String kind, Future<ObjectStorage> storage) {
    this.kind = kind;
    this.storage = storage;
  }

  /** Completes when the storage is built. */
  public Future<ObjectStorage> built() {
    return storage;
  }

  @Override
  public Future<Void> put(String key, Buffer data, String contentType) {
    ObjectStorage.checkKey(key);
    return storage.compose(s -> s.put(key, data, contentType));
  }

  @Override
  public Future<Buffer> get(String key) {
    ObjectStorage.checkKey(key);
    return storage.compose(s -> s.get(key));
  }

  @Override
  public Future<ObjectInfo> head(String key) {
    ObjectStorage.checkKey(key);
    return storage.compose(s -> s.head(key));
  }

  @Override
  public Future<Buffer> readHead(String key, int length) {
    ObjectStorage.checkKey(key);
    return storage.compose(s -> s.readHead(key, length));
  }

  @Override
  public Future<Void> copy(String fromKey, String toKey) {
    ObjectStorage.checkKey(fromKey);
    ObjectStorage.checkKey(toKey);
    return storage.compose(s -> s.copy(fromKey, toKey));
  }

  @Override
  public Future<Void> delete(String key) {
    ObjectStorage.checkKey(key);
    return storage.compose(s -> s.delete(key));
  }

  @Override
  public Future<UploadTarget> presignPut(String key, String contentType, long maxBytes, Duration ttl) {
    ObjectStorage.checkKey(key);
    return storage.compose(s -> s.presignPut(key, contentType, maxBytes, ttl));
  }

  @Override
  public Future<String> presignGet(String key, Duration ttl) {
    ObjectStorage.checkKey(key);
    return storage.compose(s -> s.presignGet(key, ttl));
  }

  @Override
  public Future<Void> check() {
    return storage.compose(ObjectStorage::check);
  }

  @Override
  public String kind() {
    return kind;
  }
}
