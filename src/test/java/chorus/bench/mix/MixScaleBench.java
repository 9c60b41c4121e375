package chorus.bench.mix;

import chorus.core.Config;
import chorus.db.Database;
import chorus.mix.MixJobs;
import chorus.mix.MixService;
import chorus.mix.MixWorkerProcess;
import chorus.storage.ObjectStorage;
import chorus.storage.Storages;
import chorus.support.Sql;
import chorus.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One stem of many short generated takes on 1, 2, 3... worker instances (separate JVMs, one job thread each)
 * sharing one PostgreSQL and one storage folder: wall time from the POST to the stem, the scaling factor, CPU
 * and peak memory per instance.
 *
 * <p>Arguments: takes (10000), seconds per take (1), instance counts ("1,2,3"), batch (200), fan-in (16).
 */
public final class MixScaleBench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 1;
    String counts = args.length > 2 ? args[2] : "1,2,3";
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 200, fanIn = args.length > 4 ? Integer.parseInt(args[4]) : 16;
    int song = 61_500 * 48;
    Config config = TestServices.get().localStorageConfig(Map.of());
    Vertx vertx = Vertx.vertx();
    Sql.migrate(vertx, config);
    Pool pool = Database.pool(vertx, config);
    ObjectStorage storage = Storages.create(vertx, config);
    BenchTakes files = BenchTakes.make(Path.of("target/bench-mix/takes"), 0, 50, seconds, song, 7);
    for (int i = 0; i < files.files.size(); i++) {
      storage.put("bench/f" + i + ".flac", Buffer.buffer(Files.readAllBytes(files.files.get(i))), "audio/flac").await();
    }
    Sql.sql(pool, "INSERT INTO fans (fan_key) SELECT decode(md5('fan' || g), 'hex') FROM generate_series(1, $1) g", n);
    Sql.sql(pool, "INSERT INTO recordings (id, fan_key, object_key, content_type, bytes, duration_ms, status, producer_key, offset_ms,"
        + " decision, decided_at) SELECT md5('take' || g)::uuid, decode(md5('fan' || g), 'hex'), 'rec/' || g, 'audio/webm', 1000, 1000,"
        + " 'complete', 'bench/f' || (g % 50) || '.flac', (g * 7919) % 59000, 'approved', now() FROM generate_series(1, $1) g", n);
    MixService service = new MixService(pool, storage, MixJobs.queue(vertx), song, batch, fanIn);
    JsonObject settings = config.json().copy().put("pg.poolSize", 4).put("jobs.workers", 1).put("jobs.leaseSeconds", 30)
        .put("jobs.pollMillis", 200).put("jobs.shutdownSeconds", 1);
    System.out.printf(Locale.ROOT, "%d takes of %.1f s, batch %d, fan-in %d, song %d samples%n", n, seconds, batch, fanIn, song);
    double base = 0;
    for (String c : counts.split(",")) {
      int k = Integer.parseInt(c.trim());
      List<Process> workers = new ArrayList<>();
      for (int i = 0; i < k; i++) workers.add(worker(settings, i));
      long t0 = System.nanoTime();
      UUID mix = service.start(null, "bench").await();
      while (!"done".equals(Sql.sql(pool, "SELECT state FROM mixes WHERE id = $1", mix).iterator().next().getString(0))) Thread.sleep(100);
      double wall = (System.nanoTime() - t0) / 1e9;
      if (base == 0) base = wall;
      StringBuilder per = new StringBuilder();
      for (Process p : workers) {
        per.append(String.format(Locale.ROOT, " [pid %d: %.1f CPU-s, peak %s MiB]", p.pid(), cpu(p.pid()), peak(p.pid())));
        long jobs = Sql.count(pool, "SELECT count(*) FROM mix_jobs WHERE mix_id = $1 AND done_by LIKE $2", mix, "%:" + p.pid());
        per.append(" jobs ").append(jobs);
      }
      System.out.printf(Locale.ROOT, "%d instance(s): %.1f s wall, scaling %.2f,%s%n", k, wall, base / wall, per);
      for (Process p : workers) p.destroy();
      for (Process p : workers) p.waitFor();
    }
    pool.close();
    vertx.close().await();
    System.exit(0);
  }

  static Process worker(JsonObject settings, int i) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = Path.of("target/bench-mix/worker-" + i + ".log");
    Process p = new ProcessBuilder(java, "-Xmx384m", "-XX:MaxDirectMemorySize=1g", "-Dlogback.configurationFile=bench/ratelimit/logback.xml", "-cp",
        System.getProperty("java.class.path"), MixWorkerProcess.class.getName(), settings.encode())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    while (!Files.readString(log).contains("mix worker ready")) {
      if (!p.isAlive()) throw new IllegalStateException("worker died: " + Files.readString(log));
      Thread.sleep(100);
    }
    return p;
  }

  /** utime + stime + cutime + cstime of a live process, seconds. */
  static double cpu(long pid) throws Exception {
    String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
  }

  static String peak(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) return String.valueOf(Long.parseLong(line.replaceAll("\\D+", "")) / 1024);
    }
    return "?";
  }
}
