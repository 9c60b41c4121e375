package chorus.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Objects in an S3 bucket (AWS, or any S3-compatible server). The SDK's blocking client runs on a worker pool of
 * its own ({@code chorus-storage}): a call waits on the network, and on the caller's pool (the render workers, whose
 * context a worker's executeBlocking would use) it would hold a render thread idle for every PUT of every image.
 * Uploads from fans go straight to S3 through presigned PUT URLs.
 */
public final class S3Storage implements ObjectStorage {
  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final WorkerExecutor io;
  /** Storage calls in flight at once per process: each mostly waits on the network, so more than the cores. */
  static final int THREADS = 16;

  public S3Storage(Vertx vertx, S3Client s3, S3Presigner presigner, String bucket) {
    this.io = vertx.createSharedWorkerExecutor("chorus-storage", THREADS);
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return io.executeBlocking(work, false);
  }

  @Override
  public Future<Void> put(String key, Buffer data, String contentType) {
    ObjectStorage.checkKey(key);
    return blocking(() -> {
      s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(data.getBytes()));
      return null;
    });
  }

  @Override
  public Future<Buffer> get(String key) {
    ObjectStorage.checkKey(key);
    return blocking(() -> {
      try {
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        return Buffer.buffer(bytes.asByteArrayUnsafe());
      } catch (NoSuchKeyException e) {
        throw new MissingObjectException(key);
      }
    });
  }

  @Override
  public Future<ObjectInfo> head(String key) {
    ObjectStorage.checkKey(key);
    return blocking(() -> {
      try {
        HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(key));
        return new ObjectInfo(key, r.contentLength(), r.contentType());
      } catch (NoSuchKeyException e) {
        return null;
      } catch (S3Exception e) {
        if (e.statusCode() == 404) return null;
        throw e;
      }
    });
  }

  @Override
  public Future<Buffer> readHead(String key, int length) {
    ObjectStorage.checkKey(key);
    return blocking(() -> {
      try {
        ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=0-" + (length - 1)));
        return Buffer.buffer(bytes.asByteArrayUnsafe());
      } catch (NoSuchKeyException e) {
        throw new MissingObjectException(key);
      }
    });
  }

  @Override
  public Future<Void> copy(String fromKey, String toKey) {
    ObjectStorage.checkKey(fromKey);
    ObjectStorage.checkKey(toKey);
    return blocking(() -> {
      try {
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(fromKey).destinationBucket(bucket).destinationKey(toKey));
        return null;
      } catch (NoSuchKeyException e) {
        throw new MissingObjectException(fromKey);
      }
    });
  }

  @Override
  public Future<Void> delete(String key) {
    ObjectStorage.checkKey(key);
    return blocking(() -> {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
      return null;
    });
  }

  @Override
  public Future<UploadTarget> presignPut(String key, String contentType, long maxBytes, Duration ttl) {
    ObjectStorage.checkKey(key);
    return blocking(() -> {
      // content type and length are signed: S3 refuses a PUT of another size or type through this URL
      PresignedPutObjectRequest p = presigner.presignPutObject(r -> r.signatureDuration(ttl)
          .putObjectRequest(o -> o.bucket(bucket).key(key).contentType(contentType).contentLength(maxBytes)));
      Map<String, String> headers = new HashMap<>();
      for (Map.Entry<String, List<String>> h : p.signedHeaders().entrySet()) {
        if (!h.getKey().equalsIgnoreCase("host")) headers.put(h.getKey(), String.join(",", h.getValue()));
      }
      headers.putIfAbsent("content-type", contentType);
      return new UploadTarget("PUT", p.url().toString(), Map.copyOf(headers), Instant.now().plus(ttl));
    });
  }

  @Override
  public Future<String> presignGet(String key, Duration ttl) {
    ObjectStorage.checkKey(key);
    return blocking(() -> presigner.presignGetObject(r -> r.signatureDuration(ttl)
        .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString());
  }

  @Override
  public Future<Void> check() {
    return blocking(() -> {
      s3.headBucket(b -> b.bucket(bucket));
      return null;
    });
  }

  @Override
  public String kind() {
    return "s3";
  }
}
