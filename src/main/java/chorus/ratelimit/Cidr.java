package chorus.ratelimit;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is a /32 or /128), matched
 * by Netty's {@link IpSubnetFilterRule}. Parsing stays ours: strict dotted quads on the hot path (a
 * client-IP header is read on every request) and a name is never looked up.
 */
record Cidr(IpSubnetFilterRule rule) {

  static Cidr parse(String text, String setting) {
    String s = text.trim();
    int slash = s.indexOf('/');
    InetAddress address = literal(slash < 0 ? s : s.substring(0, slash));
    if (address == null) throw new IllegalArgumentException(setting + ": not an IP address or CIDR: '" + text + "'");
    int bits = address.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(setting + ": prefix length must be 0.." + bits + " in '" + text + "'");
      }
    }
    return new Cidr(new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT));
  }

  boolean contains(InetAddress address) {
    return rule.matches(new InetSocketAddress(address, 0));
  }

  /**
   * Parses an IP literal without ever resolving a host name: IPv4 in dotted-quad form only, IPv6
   * with or without brackets (an IPv4-mapped IPv6 address comes back as IPv4). Null if not a literal.
   */
  static InetAddress literal(String text) {
    if (text == null) return null;
    String s = text.trim();
    if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
    if (s.isEmpty() || s.length() > 45) return null;
    byte[] v4 = ipv4(s);
    if (v4 != null) {
      try {
        return InetAddress.getByAddress(v4);
      } catch (UnknownHostException e) {
        throw new IllegalStateException("four bytes are always an IPv4 address", e);
      }
    }
    // IPv6 (an IPv4-mapped one comes back as IPv4); Netty parses literals only, it never resolves a name
    return s.indexOf(':') < 0 ? null : NetUtil.createInetAddressFromIpAddressString(s);
  }

  /** Strict dotted-quad IPv4 (no leading zeros, no shorthand), or null. */
  static byte[] ipv4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int value = -1;
    int digits = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) return null; // leading zero
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (++digits > 3 || value > 255) return null;
      } else if (c == '.' && digits > 0 && part < 4) {
        out[part++] = (byte) value;
        value = -1;
        digits = 0;
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }
}
