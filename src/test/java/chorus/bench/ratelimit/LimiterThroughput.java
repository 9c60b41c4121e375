package chorus.bench.ratelimit;

import chorus.ratelimit.Decision;
import chorus.ratelimit.FanKey;
import chorus.ratelimit.GcraScript;
import chorus.ratelimit.RateLimitPolicy;
import chorus.ratelimit.RateLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks per second through {@link RateLimiter} against a running Redis, with a fixed number of checks
 * in flight (as {@code redis-benchmark -c}). {@code --print-args} prints the EVALSHA arguments of the
 * same check for {@code redis-benchmark} instead ({@code __rand_int__} stands for the varying client).
 *
 * <p>Usage: {@code LimiterThroughput <redis-port> [inFlight=50] [checks=200000] [poolSize=8]}
 */
public final class LimiterThroughput {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    if (args.length > 1 && args[1].equals("--print-args")) {
      printArgs();
      return;
    }
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int checks = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
    int pool = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    Vertx vertx = Vertx.vertx();
    RedisOptions options = new RedisOptions().setConnectionString("redis://127.0.0.1:" + port)
        .setMaxPoolSize(pool).setMaxPoolWaiting(4 * inFlight);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RateLimiter limiter = RateLimiter.create(vertx, options, BenchSetup.config(1000), registry);
    RateLimitPolicy policy = limiter.policies().group(BenchSetup.GROUP);
    String[] fans = new String[1024];
    for (int i = 0; i < fans.length; i++) fans[i] = FanKey.fromAuthorization(BenchSetup.randomBearer());

    run(vertx, limiter, policy, fans, inFlight, Math.min(checks, 50_000)); // warm-up
    long start = System.nanoTime();
    long[] latencies = run(vertx, limiter, policy, fans, inFlight, checks);
    double seconds = (System.nanoTime() - start) / 1e9;
    double fallbacks = registry.find("chorus.ratelimit.fallback").counters().stream().mapToDouble(c -> c.count()).sum();
    System.out.printf("limiter: %d checks, %d in flight, pool %d: %.0f checks/s, %s, fallbacks=%.0f%n",
        checks, inFlight, pool, checks / seconds, BenchSetup.percentiles(latencies, checks), fallbacks);
    limiter.close().await(10, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static long[] run(Vertx vertx, RateLimiter limiter, RateLimitPolicy policy, String[] fans, int inFlight, int checks)
      throws Exception {
    long[] latencies = new long[checks];
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger notFromRedis = new AtomicInteger();
    Promise<Void> finished = Promise.promise();
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      int i = issued.getAndIncrement();
      if (i >= checks) return;
      long t0 = System.nanoTime();
      limiter.check(policy, BenchSetup.randomIp(), fans[i & (fans.length - 1)]).onComplete(ar -> {
        latencies[i] = System.nanoTime() - t0;
        if (done.incrementAndGet() == checks) finished.complete();
        if (ar.succeeded() && ar.result().source() == Decision.Source.REDIS) {
          next[0].run();
        } else {
          notFromRedis.incrementAndGet();
          vertx.runOnContext(v -> next[0].run()); // answered at once in process: no recursion
        }
      });
    };
    vertx.runOnContext(v -> {
      for (int c = 0; c < inFlight; c++) next[0].run();
    });
    finished.future().await(5, TimeUnit.MINUTES);
    if (notFromRedis.get() > 0) System.out.println("WARNING: " + notFromRedis + " checks answered in process, not by Redis");
    return latencies;
  }

  private static void printArgs() {
    RateLimitPolicy policy = chorus.ratelimit.Policies.fromJson(BenchSetup.config(1000)).group(BenchSetup.GROUP);
    java.util.List<chorus.ratelimit.Bucket> buckets = policy.limits().stream()
        .map(l -> new chorus.ratelimit.Bucket(l, "chorus:rl:{bench}:" + l.name() + ":__rand_int__")).toList();
    String sb = "EVALSHA " + GcraScript.load().sha1() + " " + String.join(" ", GcraScript.args(buckets));
    System.out.println(sb);
  }
}
