package chorus.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Artworks per second on one thread (= per core) for each template size and script (see
 * {@link BenchCase}): {@code render} is the production path, {@code plainEncode} the plain Java2D +
 * ImageIO whole-image encode. On a shared machine prefer {@link RenderCpuHarness}, which divides by CPU
 * time instead of wall time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Djava.awt.headless=true", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 4, time = 2)
public class RenderBench {
  @Param({"facebook", "cover", "x", "story"})
  public String template;

  @Param({"latin", "cjk", "arabic"})
  public String script;

  private BenchCase bench;

  @Setup(Level.Trial)
  public void setUp() {
    bench = new BenchCase(template, script);
  }

  @Benchmark
  public byte[] render() {
    return bench.render();
  }

  @Benchmark
  public byte[] plainEncode() throws IOException {
    return bench.plainEncode();
  }
}
