package chorus.app;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;

/**
 * Histogram buckets on the HTTP server's answer time, so Prometheus can compute p50/p99 across containers
 * ({@code histogram_quantile} over {@code vertx_http_server_response_time_seconds_bucket}): a dozen fixed
 * bounds from 5 ms to 10 s rather than Micrometer's ~70 default ones, to keep the series count small.
 */
final class ServerLatencyBuckets {
  static final MeterFilter FILTER = new MeterFilter() {
    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
      if (!id.getName().equals("vertx.http.server.response.time")) return config;
      return DistributionStatisticConfig.builder()
          .serviceLevelObjectives(millis(5, 10, 25, 50, 100, 250, 500, 1000, 1500, 2500, 5000, 10000))
          .build().merge(config);
    }
  };

  private ServerLatencyBuckets() {}

  private static double[] millis(long... ms) {
    double[] nanos = new double[ms.length];
    for (int i = 0; i < ms.length; i++) nanos[i] = Duration.ofMillis(ms[i]).toNanos();
    return nanos;
  }
}
