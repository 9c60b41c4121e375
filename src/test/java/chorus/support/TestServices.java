package chorus.support;

import chorus.core.Config;
import chorus.app.Launcher;
import chorus.core.Settings;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import redis.embedded.RedisServer;

/**
 * Real services for the tests, started once per test JVM on free loopback ports and stopped when it
 * exits: embedded PostgreSQL, embedded Redis and s3proxy (an S3-compatible server).
 */
public final class TestServices {
  public static final String S3_KEY = "chorus-test-key";
  public static final String S3_SECRET = "chorus-test-secret-0123456789";
  public static final String BUCKET = "chorus-test";
  public static final String SECRET = "test-secret-test-secret-test-secret-0123";

  private static TestServices instance;

  public final EmbeddedPostgres pg;
  public final RedisServer redis;
  public final int redisPort;
  public final S3Proxy s3;
  public final URI s3Endpoint;

  private TestServices() throws Exception {
    pg = startPostgres(Files.createTempDirectory("chorus-test-pg"), freePort());
    redisPort = freePort();
    redis = startRedis(redisPort);
    int s3Port = freePort();
    s3Endpoint = URI.create("http://127.0.0.1:" + s3Port);
    TransientNio2BlobStore store = new TransientNio2BlobStore();
    store.createContainer(BUCKET);
    s3 = S3Proxy.builder().blobStore(store).endpoint(s3Endpoint)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3_KEY, S3_SECRET).build();
    s3.start();
    while (!"STARTED".equals(s3.getState())) Thread.sleep(20);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll));
  }

  public static synchronized TestServices get() {
    if (instance == null) {
      try {
        instance = new TestServices();
      } catch (Exception e) {
        throw new IllegalStateException("test services did not start", e);
      }
    }
    return instance;
  }

  public static EmbeddedPostgres startPostgres(Path dir, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
        .setServerConfig("listen_addresses", "127.0.0.1").start();
  }

  public static RedisServer startRedis(int port) throws IOException {
    RedisServer r = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
        .setting("save \"\"").setting("appendonly no").build();
    r.start();
    return r;
  }

  public static String pgUrl(int port) {
    return "postgresql://postgres:postgres@127.0.0.1:" + port + "/postgres";
  }

  /** Production-mode settings pointing at these services, with S3 storage; overrides win. */
  public Config config(Map<String, Object> overrides) {
    JsonObject o = new JsonObject()
        .put("mode", Settings.MODE_PRODUCTION)
        .put("http.host", "127.0.0.1")
        .put("http.port", freePort())
        .put("http.instances", 1)
        .put("http.shutdownSeconds", 10)
        .put("publicBaseUrl", "http://localhost:8080")
        .put("secret", SECRET)
        .put("pg.url", pgUrl(pg.getPort()))
        .put("redis.url", "redis://127.0.0.1:" + redisPort)
        .put("s3.bucket", BUCKET)
        .put("s3.region", "us-east-1")
        .put("s3.endpoint", s3Endpoint.toString())
        .put("s3.pathStyle", true)
        .put("s3.accessKeyId", S3_KEY)
        .put("s3.secretAccessKey", S3_SECRET)
        .put("smtp.host", "127.0.0.1")
        .put("ratelimit.file", "src/test/resources/ratelimit-relaxed.json");
    overrides.forEach(o::put);
    if (o.getValue("publicBaseUrl").equals("http://localhost:8080")) {
      o.put("publicBaseUrl", "http://127.0.0.1:" + o.getInteger("http.port"));
    }
    return Settings.load(Launcher.readDefaults(), Map.of(), o);
  }

  /** The same, with local-disk storage in a fresh temporary folder instead of S3. */
  public Config localStorageConfig(Map<String, Object> overrides) {
    try {
      JsonObject o = new JsonObject().put("storage.dir", Files.createTempDirectory("chorus-objects").toString());
      overrides.forEach(o::put);
      Config c = config(o.getMap());
      JsonObject json = c.json().copy();
      json.remove("s3.bucket");
      return Config.of(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void stopAll() {
    try {
      s3.stop();
      redis.stop();
      pg.close();
    } catch (Exception e) {
      System.err.println("test services did not stop cleanly: " + e);
    }
  }
}
