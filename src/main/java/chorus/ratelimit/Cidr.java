package chorus.ratelimit;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network ({@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is a /32 or /128). */
record Cidr(byte[] network, int prefix) {

  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

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
    return new Cidr(mask(address.getAddress(), prefix), prefix);
  }

  boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    return a.length == network.length && java.util.Arrays.equals(mask(a, prefix), network);
  }

  static byte[] mask(byte[] address, int prefix) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
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
    boolean v4 = IPV4.matcher(s).matches();
    if (!v4 && !IPV6.matcher(s).matches()) return null;
    try {
      // Only literals reach this point (digits, hex, dots and colons), which the JDK never looks up.
      InetAddress a = InetAddress.getByName(s);
      return v4 && !(a instanceof Inet4Address) ? null : a;
    } catch (UnknownHostException e) {
      return null; // malformed literal: the caller treats it as no address
    }
  }
}
