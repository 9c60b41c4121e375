package chorus.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** A real Redis (embedded-redis, 6.2) on a free port of 127.0.0.1, which tests can stop and start again. */
final class TestRedis implements AutoCloseable {

  private final int port;
  private RedisServer server;

  TestRedis() {
    this.port = freePort();
    start();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  void start() {
    try {
      server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
          .setting("save \"\"").setting("appendonly no").build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded Redis on port " + port, e);
    }
  }

  void stop() {
    try {
      if (server != null && server.isActive()) server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop embedded Redis on port " + port, e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
