package chorus.bench.ratelimit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop load at a fixed request rate on {@code /plain} and {@code /limited} in alternating rounds
 * (after one warm-up round each). Latency is measured from the moment a request was due, so a stalled
 * server is not hidden by a stalled load generator. Each request carries a random client
 * ({@code X-Forwarded-For}) and fan ({@code Authorization: Bearer}), on both routes alike.
 *
 * <p>Usage: {@code OpenLoopLoad <port> [rate=2000] [secondsPerRound=10] [roundsPerRoute=3]}
 */
public final class OpenLoopLoad {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Vertx vertx = Vertx.vertx();
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(64));
    String[] routes = {"/plain", "/limited"};
    for (String route : routes) round(vertx, client, route, rate, Math.max(2, seconds / 2), null); // warm-up
    int perRound = rate * seconds;
    long[][] all = {new long[perRound * rounds], new long[perRound * rounds]};
    int[] errors = new int[2];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < routes.length; i++) {
        long[] lat = new long[perRound];
        errors[i] += round(vertx, client, routes[i], rate, seconds, lat);
        System.arraycopy(lat, 0, all[i], r * perRound, perRound);
      }
    }
    for (int i = 0; i < routes.length; i++) {
      System.out.printf("http %-9s %d req/s x %d s x %d rounds: %s, errors=%d%n", routes[i], rate, seconds, rounds,
          BenchSetup.percentiles(all[i], all[i].length), errors[i]);
    }
    for (double q : new double[] {0.50, 0.99}) {
      long[] a = all[0].clone();
      long[] b = all[1].clone();
      java.util.Arrays.sort(a);
      java.util.Arrays.sort(b);
      System.out.printf("limiter adds at p%.0f: %.3f ms%n", q * 100, BenchSetup.ms(b, q) - BenchSetup.ms(a, q));
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Sends {@code rate * seconds} requests on schedule; returns the number of non-200 answers. */
  private static int round(Vertx vertx, HttpClient client, String route, int rate, int seconds, long[] latencies)
      throws InterruptedException {
    int total = rate * seconds;
    CountDownLatch done = new CountDownLatch(total);
    AtomicInteger errors = new AtomicInteger();
    int[] issued = {0};
    long start = System.nanoTime();
    long timer = vertx.setPeriodic(1, id -> {
      long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
      while (issued[0] < due) {
        int i = issued[0]++;
        long intended = start + i * 1_000_000_000L / rate;
        RequestOptions req = new RequestOptions().setMethod(HttpMethod.GET).setURI(route)
            .addHeader("X-Forwarded-For", BenchSetup.randomIp()).addHeader("Authorization", BenchSetup.randomBearer());
        client.request(req).compose(r -> r.send()).compose(res -> {
          if (res.statusCode() != 200) errors.incrementAndGet();
          return res.body();
        }).onComplete(ar -> {
          if (ar.failed()) errors.incrementAndGet();
          if (latencies != null) latencies[i] = System.nanoTime() - intended;
          done.countDown();
        });
      }
    });
    done.await(seconds + 60L, TimeUnit.SECONDS);
    vertx.cancelTimer(timer);
    return errors.get();
  }
}
