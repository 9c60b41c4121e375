package chorus.ratelimit;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Finds the client address of a request. Forwarding headers are believed only when the direct peer is
 * a trusted proxy; with {@code X-Forwarded-For} the chain is walked from the right, skipping trusted
 * proxies, so a client cannot choose its own address by sending the header itself.
 */
public final class ClientIp {

  public static final String X_FORWARDED_FOR = "X-Forwarded-For";
  public static final String CLOUDFRONT_VIEWER = "CloudFront-Viewer-Address";
  /** Bucket used when the peer has no IP address at all (e.g. a Unix domain socket). */
  static final String UNKNOWN = "unknown";

  private final List<Cidr> trusted;
  private final String header;
  private final boolean cloudFront;

  public ClientIp(List<String> trustedProxies, String header) {
    this.trusted = trustedProxies.stream().map(c -> Cidr.parse(c, "trustedProxies")).toList();
    this.header = header;
    this.cloudFront = CLOUDFRONT_VIEWER.equalsIgnoreCase(header);
  }

  /** The header this instance reads ({@code X-Forwarded-For} or {@code CloudFront-Viewer-Address}). */
  public String header() {
    return header;
  }

  /**
   * @param peer          the direct peer's address as text (the TCP connection's remote host)
   * @param headerValues  every value of {@link #header()} in the request, in order (may be empty)
   * @return the client's address, or null when even the peer has none
   */
  public InetAddress resolve(String peer, List<String> headerValues) {
    InetAddress client = Cidr.literal(peer);
    if (client == null || !isTrusted(client) || headerValues.isEmpty()) return client;
    if (cloudFront) {
      InetAddress viewer = withoutPort(headerValues.get(headerValues.size() - 1), true);
      return viewer == null ? client : viewer;
    }
    for (int v = headerValues.size() - 1; v >= 0; v--) {
      String[] hops = headerValues.get(v).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        InetAddress hop = withoutPort(hops[i], false);
        if (hop == null) return client; // garbage in the chain: keep the last address we can vouch for
        client = hop;
        if (!isTrusted(hop)) return hop;
      }
    }
    return client;
  }

  /** The limiter key of an address: the IPv4 address, or the /64 network of an IPv6 address. */
  public static String bucket(InetAddress address) {
    if (address == null) return UNKNOWN;
    if (address instanceof Inet4Address) return address.getHostAddress();
    byte[] a = address.getAddress();
    StringBuilder sb = new StringBuilder(24);
    for (int i = 0; i < 8; i += 2) sb.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
    return sb.append(":/64").toString();
  }

  boolean isTrusted(InetAddress address) {
    for (Cidr c : trusted) if (c.contains(address)) return true;
    return false;
  }

  /** An address optionally followed by a port: {@code 1.2.3.4:80}, {@code [2001:db8::1]:80}, CloudFront's {@code 2001:db8::1:80}. */
  static InetAddress withoutPort(String text, boolean portAlwaysPresent) {
    String s = text.trim();
    InetAddress plain = portAlwaysPresent ? null : Cidr.literal(s);
    if (plain != null) return plain;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      return close < 0 ? null : Cidr.literal(s.substring(0, close + 1));
    }
    int colon = s.lastIndexOf(':');
    return colon <= 0 ? Cidr.literal(s) : Cidr.literal(s.substring(0, colon));
  }
}
