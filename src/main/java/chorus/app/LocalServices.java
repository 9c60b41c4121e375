package chorus.app;

import chorus.core.Config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Embedded PostgreSQL and Redis for local work, started only in local mode and only for what is not
 * configured. PostgreSQL keeps its data in {@code <local.dir>/pg} across restarts. The embedded classes
 * are not in the production jar, so production can never start them by accident.
 */
public class LocalServices implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalServices.class);
  public static final int LOCAL_PG_PORT = 54329;
  public static final int LOCAL_REDIS_PORT = 63799;
  /** Local mode's sender: a reserved domain, which production refuses. */
  public static final String LOCAL_MAIL_FROM = "Chorus <hello@chorus.invalid>";

  public static final LocalServices NONE = new LocalServices(null, null, null, null, null);

  private final EmbeddedPostgres pg;
  private final RedisServer redis;
  private final String pgUrl;
  private final String redisUrl;
  private final String secret;

  private LocalServices(EmbeddedPostgres pg, RedisServer redis, String pgUrl, String redisUrl, String secret) {
    this.pg = pg;
    this.redis = redis;
    this.pgUrl = pgUrl;
    this.redisUrl = redisUrl;
    this.secret = secret;
  }

  public static LocalServices start(Config config) {
    return start(config, LOCAL_PG_PORT, LOCAL_REDIS_PORT);
  }

  /** On other ports than the run command's (the dev server's test, which must not take fixed ports). */
  static LocalServices start(Config config, int pgPort, int redisPort) {
    Path dir = Path.of(config.string("local.dir"));
    try {
      Files.createDirectories(dir);
      EmbeddedPostgres pg = null;
      String pgUrl = null;
      if (!config.has("pg.url")) {
        long t = System.nanoTime();
        pg = EmbeddedPostgres.builder()
            .setDataDirectory(dir.resolve("pg"))
            .setCleanDataDirectory(false)
            .setPort(pgPort)
            .setServerConfig("listen_addresses", "127.0.0.1")
            .start();
        pgUrl = "postgresql://postgres:postgres@127.0.0.1:" + pg.getPort() + "/postgres";
        LOG.info("embedded PostgreSQL on 127.0.0.1:{} (data in {}) in {} ms", pg.getPort(), dir.resolve("pg"), (System.nanoTime() - t) / 1_000_000);
      }
      RedisServer redis = null;
      String redisUrl = null;
      if (!config.has("redis.url")) {
        redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1")
            .setting("save \"\"").setting("appendonly no").build();
        redis.start();
        redisUrl = "redis://127.0.0.1:" + redisPort;
        LOG.info("embedded Redis on 127.0.0.1:{}", redisPort);
      }
      String secret = config.has("secret") ? null : localSecret(dir);
      return new LocalServices(pg, redis, pgUrl, redisUrl, secret);
    } catch (IOException e) {
      throw new IllegalStateException("embedded services did not start: " + e.getMessage(), e);
    }
  }

  /** The settings with the embedded services' addresses and local defaults filled in. */
  public Config apply(Config config) {
    Config c = config;
    if (pgUrl != null) c = c.with("pg.url", pgUrl);
    if (redisUrl != null) c = c.with("redis.url", redisUrl);
    if (secret != null) c = c.with("secret", secret);
    if (!c.has("publicBaseUrl")) c = c.with("publicBaseUrl", "http://localhost:" + c.integer("http.port"));
    if (!c.has("mail.from")) c = c.with("mail.from", LOCAL_MAIL_FROM);
    return c;
  }

  /** A random key kept in the local folder, so signed links survive restarts of a developer's run. */
  static String localSecret(Path dir) throws IOException {
    Path file = dir.resolve("secret");
    if (Files.exists(file)) {
      // an older run may have left it world-readable
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      }
      return Files.readString(file).trim();
    }
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    String s = HexFormat.of().formatHex(b);
    writeOwnerOnly(file, s);
    return s;
  }

  /** Writes the file readable by its owner only (0600) where the file system knows POSIX permissions. */
  static void writeOwnerOnly(Path file, String text) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
    Files.writeString(file, text);
  }

  @Override
  public void close() {
    try {
      if (redis != null) redis.stop();
      if (pg != null) pg.close();
    } catch (IOException e) {
      LOG.warn("embedded services did not stop cleanly: {}", e.toString());
    }
  }
}
