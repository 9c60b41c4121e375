package chorus.bench.ratelimit;

import chorus.ratelimit.Bucket;
import chorus.ratelimit.ClientIp;
import chorus.ratelimit.Decision;
import chorus.ratelimit.FanKey;
import chorus.ratelimit.GcraScript;
import chorus.ratelimit.Policies;
import chorus.ratelimit.RateLimitHeaders;
import chorus.ratelimit.RateLimitPolicy;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The limiter's in-process work per request, without the Redis round trip. */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LimiterCpuBench {

  private final ClientIp clientIp = new ClientIp(List.of("127.0.0.1/32", "10.0.0.0/8"), ClientIp.X_FORWARDED_FOR);
  private final RateLimitPolicy policy = Policies.fromJson(BenchSetup.config(50)).group(BenchSetup.GROUP);
  private final GcraScript script = GcraScript.load();
  private final List<Bucket> buckets = policy.limits().stream()
      .map(l -> new Bucket(l, "chorus:rl:{bench}:" + l.name() + ":203.0.113.9")).toList();
  private final Decision decision = new Decision(true, buckets.stream()
      .map(b -> new Decision.Verdict(b.limit(), b.key(), true, 42, 0, 580)).toList(), Decision.Source.REDIS);
  private final List<String> xff = List.of("203.0.113.9, 10.1.2.3");
  private final String bearer = "Bearer 6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b";

  /** Client IP from a forwarded chain behind trusted proxies, its bucket, and the hashed fan key. */
  @Benchmark
  public String identity() {
    return ClientIp.bucket(clientIp.resolve("127.0.0.1", xff)) + FanKey.fromAuthorization(bearer);
  }

  /** The EVALSHA request for two limits. */
  @Benchmark
  public Request request() {
    return script.evalsha(buckets);
  }

  /** The RateLimit header value of a decision. */
  @Benchmark
  public String headers() {
    return RateLimitHeaders.state(BenchSetup.GROUP, decision);
  }
}
