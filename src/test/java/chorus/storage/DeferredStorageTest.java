package chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The storage the process answers with while its S3 client is still being built. */
class DeferredStorageTest {
  private Vertx vertx;
  private ObjectStorage disk;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    disk = new LocalDiskStorage(vertx, Files.createTempDirectory("chorus-deferred"), new UploadSigner("s".repeat(32)),
        "http://127.0.0.1:1");
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aCallMadeBeforeTheClientIsBuiltWaitsForItInsteadOfFailing() throws Exception {
    Promise<ObjectStorage> building = Promise.promise();
    DeferredStorage storage = new DeferredStorage("s3", building.future());
    Future<Void> put = storage.put("early/one", Buffer.buffer("first"), "text/plain");
    Future<Buffer> get = put.compose(v -> storage.get("early/one"));
    Thread.sleep(100);
    assertThat(put.isComplete()).as("still waiting for the client").isFalse();
    building.complete(disk);
    assertThat(get.await(5, TimeUnit.SECONDS).toString()).isEqualTo("first");
    assertThat(storage.kind()).isEqualTo("s3");
  }

  @Test
  void aClientThatCouldNotBeBuiltFailsEveryCallWithTheReason() {
    DeferredStorage storage = new DeferredStorage("s3", Future.failedFuture(new IllegalStateException("no region")));
    assertThatThrownBy(() -> storage.head("a/b").await(5, TimeUnit.SECONDS)).hasMessageContaining("no region");
    assertThatThrownBy(() -> storage.check().await(5, TimeUnit.SECONDS)).hasMessageContaining("no region");
  }

  @Test
  void aBadKeyIsRefusedAtTheCallAsByTheBuiltStorages() {
    DeferredStorage storage = new DeferredStorage("s3", Promise.<ObjectStorage>promise().future());
    assertThatThrownBy(() -> storage.get("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> storage.copy("ok/key", "/absolute")).isInstanceOf(IllegalArgumentException.class);
  }
}
