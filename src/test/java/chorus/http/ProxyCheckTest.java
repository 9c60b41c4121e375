package chorus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import chorus.support.TestApp;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Without trusted proxies, requests from a private address (a load balancer) log a warning once. */
class ProxyCheckTest {

  @Test
  void privateAddressesAreTheLoadBalancerKind() {
    for (String a : new String[] {"10.0.3.7", "172.16.0.1", "172.31.255.254", "192.168.1.1", "100.64.0.9", "fd00::2", "fc12:3456::1"}) {
      assertThat(ProxyCheck.isPrivate(a)).as(a).isTrue();
    }
    for (String a : new String[] {"127.0.0.1", "::1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.0.2.2", "2001:db8::1", "not-an-ip", null}) {
      assertThat(ProxyCheck.isPrivate(a)).as(String.valueOf(a)).isFalse();
    }
  }

  /** A private address of this machine to bind and connect to (an IPv6 unique-local one, or RFC 1918). */
  static Optional<String> privateAddress() throws Exception {
    for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(n.getInetAddresses())) {
        String text = a.getHostAddress().replaceFirst("%.*$", "");
        if (n.isUp() && !a.isLoopbackAddress() && ProxyCheck.isPrivate(text)) return Optional.of(text);
      }
    }
    return Optional.empty();
  }

  @Test
  void aRequestFromAPrivateAddressWithoutTrustedProxiesLogsAWarningOnce() throws Exception {
    Optional<String> address = privateAddress();
    assumeTrue(address.isPresent(), "this machine has no private address to connect from");
    Logger logger = (Logger) LoggerFactory.getLogger(ProxyCheck.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    Vertx vertx = Vertx.vertx();
    TestApp app = TestApp.start(vertx, TestServices.get().config(Map.of("http.host", address.get())));
    WebClient client = WebClient.create(vertx);
    try {
      for (int i = 0; i < 3; i++) {
        var r = client.get(app.port(), address.get(), "/api/locale").putHeader("Host", "localhost").send().await();
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      }
      assertThat(logged.list).hasSize(1);
      assertThat(logged.list.get(0).getFormattedMessage()).contains("CHORUS_TRUSTED_PROXIES").contains(address.get());
    } finally {
      logger.detachAppender(logged);
      client.close();
      app.close();
      vertx.close().await();
    }
  }
}
