package chorus.http;

import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounted when no trusted proxy is configured: the first request whose peer has a private address (a load
 * balancer in the VPC, most likely) logs a warning, once per process. Behind a load balancer that Chorus
 * does not trust, every fan has the balancer's address, so all of them would share one per-IP bucket.
 */
final class ProxyCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyCheck.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  static void apply(RoutingContext ctx) {
    if (!WARNED.get()) {
      SocketAddress peer = ctx.request().remoteAddress();
      String host = peer == null ? null : peer.hostAddress();
      if (isPrivate(host) && WARNED.compareAndSet(false, true)) warn(host);
    }
  }

  static void warn(String peer) {
    LOG.warn("requests come from the private address {} but CHORUS_TRUSTED_PROXIES is not set: behind a load balancer "
        + "every fan shares its address and so one per-IP rate-limit bucket; set CHORUS_TRUSTED_PROXIES to the "
        + "balancer's CIDRs (and CHORUS_CLIENT_IP_HEADER)", peer);
  }

  /** RFC 1918, shared address space (RFC 6598) and IPv6 unique-local addresses; not loopback (a developer's run). */
  static boolean isPrivate(String literal) {
    InetAddress a = literal == null ? null : NetUtil.createInetAddressFromIpAddressString(literal);
    if (a instanceof Inet4Address) {
      byte[] b = a.getAddress();
      return a.isSiteLocalAddress() || (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
    return a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
  }
}
