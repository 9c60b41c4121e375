package chorus.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientIpTest {

  private final ClientIp xff = new ClientIp(List.of("10.0.0.0/8", "2001:db8:ffff::/48"), ClientIp.X_FORWARDED_FOR);
  private final ClientIp cloudFront = new ClientIp(List.of("10.0.0.0/8"), ClientIp.CLOUDFRONT_VIEWER);

  private static String bucket(ClientIp ip, String peer, String... header) {
    return ClientIp.bucket(ip.resolve(peer, List.of(header)));
  }

  @Test
  void headersFromAnUntrustedPeerAreIgnored() {
    assertThat(bucket(xff, "192.0.2.10", "203.0.113.5")).isEqualTo("192.0.2.10");
    assertThat(bucket(cloudFront, "192.0.2.10", "203.0.113.5:443")).isEqualTo("192.0.2.10");
  }

  @Test
  void forwardedChainIsWalkedFromTheRightPastTrustedProxies() {
    assertThat(bucket(xff, "10.1.2.3", "203.0.113.5")).isEqualTo("203.0.113.5");
    assertThat(bucket(xff, "10.1.2.3", "198.51.100.1, 203.0.113.5, 10.9.9.9")).isEqualTo("203.0.113.5");
    assertThat(bucket(xff, "10.1.2.3", "198.51.100.1", "203.0.113.5")).as("several header lines").isEqualTo("203.0.113.5");
    assertThat(bucket(xff, "10.1.2.3", "10.4.4.4, 10.5.5.5")).as("all trusted: left-most").isEqualTo("10.4.4.4");
    assertThat(bucket(xff, "10.1.2.3", "203.0.113.5:8443")).as("with a port").isEqualTo("203.0.113.5");
    assertThat(bucket(xff, "10.1.2.3", "unknown, evil")).as("garbage: the peer").isEqualTo("10.1.2.3");
    assertThat(bucket(xff, "10.1.2.3", "203.0.113.5, junk, 10.9.9.9")).isEqualTo("10.9.9.9");
    assertThat(bucket(xff, "10.1.2.3")).as("no header").isEqualTo("10.1.2.3");
  }

  @Test
  void ipv6ClientsShareTheirSlash64AndIpv6ProxiesAreTrusted() {
    assertThat(bucket(xff, "2001:db8:ffff:1::2", "2001:db8:aa:bb:1:2:3:4")).isEqualTo("2001:db8:aa:bb::/64");
    assertThat(bucket(xff, "2001:db8:ffff:1::2", "[2001:db8:aa:bb::9]:443")).isEqualTo("2001:db8:aa:bb::/64");
    assertThat(bucket(xff, "2001:db8:1::1", "203.0.113.5")).as("untrusted IPv6 peer").isEqualTo("2001:db8:1:0::/64");
    assertThat(bucket(xff, "::ffff:10.1.2.3", "203.0.113.5")).as("IPv4-mapped peer").isEqualTo("203.0.113.5");
  }

  @Test
  void cloudFrontViewerAddressCarriesAPort() {
    assertThat(bucket(cloudFront, "10.1.2.3", "198.51.100.10:46532")).isEqualTo("198.51.100.10");
    assertThat(bucket(cloudFront, "10.1.2.3", "2001:db8:85a3:0:0:8a2e:370:7334:46532")).isEqualTo("2001:db8:85a3:0::/64");
    assertThat(bucket(cloudFront, "10.1.2.3", "[2001:db8::1]:46532")).isEqualTo("2001:db8:0:0::/64");
    assertThat(bucket(cloudFront, "10.1.2.3", "not-an-address")).isEqualTo("10.1.2.3");
  }

  @Test
  void onlyLiteralsAreParsedNeverHostNames() throws Exception {
    assertThat(Cidr.literal("localhost")).isNull();
    assertThat(Cidr.literal("example.invalid")).isNull();
    assertThat(Cidr.literal("1.2.3")).as("no BSD shorthand").isNull();
    assertThat(Cidr.literal("01.2.3.4")).isNull();
    for (String bad : new String[] {"256.1.1.1", "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3", "1.2.3.4 ", "1.2.3.-4", "1234.1.1.1"}) {
      assertThat(Cidr.ipv4(bad)).as(bad).isNull();
    }
    assertThat(Cidr.literal("0.0.0.0")).isEqualTo(InetAddress.getByName("0.0.0.0"));
    assertThat(Cidr.literal("255.255.255.255")).isEqualTo(InetAddress.getByName("255.255.255.255"));
    assertThat(Cidr.literal("fe80::1%eth0")).isNull();
    assertThat(Cidr.literal("192.0.2.1")).isEqualTo(InetAddress.getByName("192.0.2.1"));
    assertThat(ClientIp.bucket(null)).isEqualTo("unknown");
  }

  @Test
  void fanKeysAreHashedBearerUuids() {
    String token = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b";
    String key = FanKey.fromAuthorization("Bearer " + token);
    assertThat(key).hasSize(32).matches("[0-9a-f]{32}").isNotEqualTo(token);
    assertThat(FanKey.fromAuthorization("bearer " + token.toUpperCase())).isEqualTo(key);
    assertThat(FanKey.fromAuthorization("Bearer 6f1c2a9e-3b4d-1e5f-8a7b-9c0d1e2f3a4b")).as("not v4").isNull();
    assertThat(FanKey.fromAuthorization("Basic " + token)).isNull();
    assertThat(FanKey.fromAuthorization(null)).isNull();
  }
}
