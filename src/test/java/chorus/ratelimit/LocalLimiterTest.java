package chorus.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.ratelimit.Decision.Verdict;
import chorus.ratelimit.RateLimitPolicy.Limit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The in-process GCRA on a hand-driven clock: the same answers the Lua script gives. */
class LocalLimiterTest {

  private final AtomicLong clock = new AtomicLong(1_000_000);

  private static Limit limit(String name, long rate, Duration period, int burst, boolean dryRun) {
    return new Limit(name, LimitKey.IP, rate, period, burst, dryRun);
  }

  @Test
  void burstThenOnePerEmissionInterval() {
    LocalLimiter local = new LocalLimiter(100, clock::get);
    Limit l = limit("ip", 1, Duration.ofSeconds(1), 3, false); // T = 1000 ms, tau = 2000 ms
    List<Bucket> b = List.of(new Bucket(l, "k"));
    for (long remaining = 2; remaining >= 0; remaining--) {
      Verdict v = local.check(b).verdicts().get(0);
      assertThat(v.conforms()).isTrue();
      assertThat(v.remaining()).isEqualTo(remaining);
      assertThat(v.resetMs()).isEqualTo((3 - remaining) * 1000);
    }
    clock.addAndGet(250);
    Decision refused = local.check(b);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.verdicts().get(0).retryAfterMs()).isEqualTo(750);
    assertThat(refused.verdicts().get(0).resetMs()).isEqualTo(2750);
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    clock.addAndGet(749);
    assertThat(local.check(b).allowed()).isFalse();
    clock.addAndGet(1);
    Decision again = local.check(b);
    assertThat(again.allowed()).isTrue();
    assertThat(again.verdicts().get(0).remaining()).isZero();
    clock.addAndGet(10_000); // long idle: the bucket is full, never more than the burst
    assertThat(local.check(b).verdicts().get(0).remaining()).isEqualTo(2);
  }

  @Test
  void aRefusedRequestCostsTheOtherLimitsNothing() {
    LocalLimiter local = new LocalLimiter(100, clock::get);
    Limit wide = limit("ip", 10, Duration.ofMinutes(1), 10, false);
    Limit narrow = limit("fan", 1, Duration.ofMinutes(1), 1, false);
    List<Bucket> b = List.of(new Bucket(wide, "ip"), new Bucket(narrow, "fan"));
    assertThat(local.check(b).allowed()).isTrue();
    Decision refused = local.check(b);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.verdicts().get(0).remaining()).as("uncharged: 9 still fit").isEqualTo(9);
    assertThat(refused.retryAfterSeconds()).isEqualTo(60);
  }

  @Test
  void dryRunLimitsNeverRefuse() {
    LocalLimiter local = new LocalLimiter(100, clock::get);
    List<Bucket> b = List.of(new Bucket(limit("ip", 1, Duration.ofMinutes(1), 1, true), "k"));
    assertThat(local.check(b).allowed()).isTrue();
    Decision second = local.check(b);
    assertThat(second.allowed()).isTrue();
    assertThat(second.verdicts().get(0).dryRunExceeded()).isTrue();
  }

  @Test
  void memoryIsBoundedAndExpiredBucketsAreSwept() {
    LocalLimiter local = new LocalLimiter(2, clock::get);
    Limit l = limit("ip", 1, Duration.ofSeconds(1), 1, false);
    for (String k : List.of("a", "b", "c")) local.check(List.of(new Bucket(l, k)));
    assertThat(local.size()).isEqualTo(2);
    assertThat(local.untracked()).isEqualTo(1);
    clock.addAndGet(1000);
    assertThat(local.sweep(clock.get())).isZero();
    local.check(List.of(new Bucket(l, "c")));
    assertThat(local.size()).isEqualTo(1);
  }
}
