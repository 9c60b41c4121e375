package chorus.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;

/**
 * Where recordings and artwork live: local disk for development, S3 in production. Keys are relative
 * paths of {@code [A-Za-z0-9._-]} segments joined by {@code /}. Every method is non-blocking.
 */
public interface ObjectStorage {

  /** Stores bytes under a key, replacing what was there. */
  Future<Void> put(String key, Buffer data, String contentType);

  /** The whole object, or a failed future with {@link MissingObjectException}. */
  Future<Buffer> get(String key);

  /** Size and type of the object, or {@code null} when there is none. */
  Future<ObjectInfo> head(String key);

  /** Up to {@code length} bytes from the start of the object (e.g. to check magic bytes). */
  Future<Buffer> readHead(String key, int length);

  /** Copies an object to another key (replacing what was there); fails with {@link MissingObjectException} when absent. */
  Future<Void> copy(String fromKey, String toKey);

  /** Deletes the object; deleting what is not there succeeds. */
  Future<Void> delete(String key);

  /**
   * A short-lived URL a client can PUT exactly this content type and this many bytes to (S3 signs the exact
   * length; the local route takes at most that many, and completing a take checks the exact size): presigned
   * S3 in production (the bytes never cross a container), a signed URL on the app itself locally.
   */
  Future<UploadTarget> presignPut(String key, String contentType, long maxBytes, Duration ttl);

  /** A short-lived URL anyone holding it can GET the object from (presigned S3 GET, or signed app URL locally). */
  Future<String> presignGet(String key, Duration ttl);

  /** Fails when the storage cannot be reached (readiness). */
  Future<Void> check();

  /** {@code local} or {@code s3}, for logs and health. */
  String kind();

  static void checkKey(String key) {
    if (key == null || key.isEmpty() || key.length() > 512 || key.startsWith("/") || key.contains("..")
        || !key.matches("[A-Za-z0-9._/-]+")) {
      throw new IllegalArgumentException("bad object key");
    }
  }
}
