package chorus.bench.audio;

import chorus.audio.AudioThresholds;
import chorus.audio.BackingTrack;
import chorus.audio.Ffmpeg;
import chorus.audio.TakeFixtures;
import chorus.audio.TakeFixtures.Format;
import chorus.audio.TakeProcessor;
import chorus.audio.TakeResult;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * bench/audio: CPU-seconds of one core per minute of audio for the whole per-take work (TakeProcessor: decode,
 * levels, loudness, voice, bleed search, normalised trimmed FLAC) next to one ffmpeg command line per file doing
 * decode + ebur128 + silencedetect + FLAC, on the same files, rounds interleaved; takes/s per core; peak memory
 * per job. CPU comes from /proc/self/stat: the JVM's own time (every thread, JIT and GC included) plus its reaped
 * children's, so both sides pay for their ffmpeg processes. Both run ffmpeg with one thread.
 *
 * <p>Arguments: [takes (default 8)] [seconds per take (60)] [rounds (3)].
 */
public final class AudioBench {
  private static final double TICK = 100.0;   // USER_HZ on Linux
  private static final Map<Long, Long> PEAK_KB = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    int takes = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    JsonObject campaign = new JsonObject(Files.readString(Path.of("conf", "campaign.json")));
    AudioThresholds limits = AudioThresholds.fromJson(campaign.getJsonObject("audio"), 5, Math.max(75, seconds + 5));
    Ffmpeg ffmpeg = Ffmpeg.bundled();

    List<Path> files = new ArrayList<>();
    float[] track = TakeFixtures.backing();
    for (int i = 0; i < takes; i++) {
      float[] voice = TakeFixtures.sung(seconds, 100 + i);
      if (i % 2 == 1) voice = TakeFixtures.withTrack(voice, track, (1000 + 731 * i) * 48, -8);
      for (Format f : List.of(Format.WEBM, Format.MP4)) files.add(TakeFixtures.encode("bench-" + seconds + "-" + i, voice, f));
    }
    double minutes = files.size() * seconds / 60.0;
    Path out = Files.createTempDirectory("chorus-audio-bench");
    System.out.printf(Locale.ROOT, "%d files (%d takes x WebM/Opus + MP4/AAC), %d s each: %.1f minutes of audio; %d rounds%n",
        files.size(), takes, seconds, minutes, rounds);

    double trackCpu = cpu();
    BackingTrack backing = BackingTrack.load(ffmpeg, TakeFixtures.BACKING, limits);
    trackCpu = cpu() - trackCpu;
    TakeProcessor processor = new TakeProcessor(ffmpeg, limits, backing);

    for (Path f : files) processor.process(f, out.resolve("warm.flac"));   // JIT warm-up
    for (Path f : files) peer(ffmpeg, f, out.resolve("warm-peer.flac"));

    double[] ours = new double[rounds];
    double[] peer = new double[rounds];
    double[] twoPass = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      double c0 = cpu();
      for (Path f : files) {
        TakeResult res = processor.process(f, out.resolve("ours.flac"));
        if (!res.producerWritten()) throw new IllegalStateException(f + ": " + res.verdict() + " " + res.figures());
      }
      ours[r] = cpu() - c0;
      c0 = cpu();
      for (Path f : files) peer(ffmpeg, f, out.resolve("peer.flac"));
      peer[r] = cpu() - c0;
      c0 = cpu();
      for (Path f : files) twoPass(ffmpeg, f, out.resolve("peer2.flac"));
      twoPass[r] = cpu() - c0;
      System.out.printf(Locale.ROOT, "round %d CPU-s: Chorus %.2f, ffmpeg one pass %.2f, ffmpeg two passes %.2f%n",
          r + 1, ours[r], peer[r], twoPass[r]);
    }

    // memory, in a pass of its own (the sampler costs CPU): ffmpeg processes' peak RSS, JVM bytes allocated per take
    Thread sampler = startSampler();
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long a0 = threads.getCurrentThreadAllocatedBytes();
    for (Path f : files) processor.process(f, out.resolve("ours.flac"));
    long allocated = (threads.getCurrentThreadAllocatedBytes() - a0) / files.size();
    long oursPeakKb = peakKb();
    for (Path f : files) peer(ffmpeg, f, out.resolve("peer.flac"));
    long peerPeakKb = peakKb();
    for (Path f : files) twoPass(ffmpeg, f, out.resolve("peer2.flac"));
    long twoPassPeakKb = peakKb();
    sampler.interrupt();

    double spawn = cpu();
    for (int i = 0; i < 20; i++) run(List.of(ffmpeg.executable().toString(), "-hide_banner", "-version"));
    spawn = (cpu() - spawn) / 20;

    double o = median(ours);
    double p = median(peer);
    double q = median(twoPass);
    System.out.println();
    System.out.println("| Measure (median of " + rounds + " rounds, " + String.format(Locale.ROOT, "%.0f", minutes)
        + " min of audio) | Chorus TakeProcessor | ffmpeg, one pass | ffmpeg, two passes | Chorus / one pass | Chorus / two passes |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    System.out.printf(Locale.ROOT, "| CPU-seconds of one core per minute of audio | %.3f | %.3f | %.3f | %.2f | %.2f |%n",
        o / minutes, p / minutes, q / minutes, o / p, o / q);
    System.out.printf(Locale.ROOT, "| Takes (of %d s) per second per core | %.2f | %.2f | %.2f | %.2f | %.2f |%n", seconds,
        files.size() / o, files.size() / p, files.size() / q, p / o, q / o);
    System.out.printf(Locale.ROOT, "| Peak memory per job: ffmpeg process (max RSS) | %.1f MB | %.1f MB | %.1f MB | | |%n",
        oursPeakKb / 1024.0, peerPeakKb / 1024.0, twoPassPeakKb / 1024.0);
    System.out.printf(Locale.ROOT, "| Peak memory per job: JVM heap allocated per take (bound on its live heap) | %.1f MB | — | — | | |%n",
        allocated / 1e6);
    System.out.printf(Locale.ROOT, "Starting one ffmpeg process: %.1f ms CPU; preparing the backing track once: %.2f CPU-s%n",
        spawn * 1000, trackCpu);
    System.out.println("Chorus does more: bleed search against the backing track, loudness normalisation, trim; the command line "
        + "measures (ebur128, silencedetect) and writes an un-normalised FLAC in one pass.");
  }

  /** The peer: one invocation, same decode, resample and downmix, loudness and silence scan, 24-bit FLAC. */
  static void peer(Ffmpeg ffmpeg, Path in, Path out) {
    run(List.of(ffmpeg.executable().toString(), "-nostdin", "-hide_banner", "-nostats", "-threads", "1", "-i", in.toString(),
        "-af", "aresample=48000,aformat=channel_layouts=mono,ebur128=peak=sample,silencedetect=n=-50dB:d=0.3",
        "-c:a", "flac", "-sample_fmt", "s32", "-bits_per_raw_sample", "24", "-y", out.toString()));
  }

  /**
   * The peer that writes what Chorus writes: pass 1 measures (ebur128, silencedetect), pass 2 decodes again and
   * writes the trimmed, normalised FLAC (trim and gain as Chorus found them are not parsed back here: fixed values,
   * the same filter cost).
   */
  static void twoPass(Ffmpeg ffmpeg, Path in, Path out) {
    run(List.of(ffmpeg.executable().toString(), "-nostdin", "-hide_banner", "-nostats", "-threads", "1", "-i", in.toString(),
        "-af", "aresample=48000,aformat=channel_layouts=mono,ebur128=peak=sample,silencedetect=n=-50dB:d=0.3", "-f", "null", "-"));
    run(List.of(ffmpeg.executable().toString(), "-nostdin", "-hide_banner", "-nostats", "-threads", "1", "-i", in.toString(),
        "-af", "aresample=48000,aformat=channel_layouts=mono,atrim=start_sample=14400,volume=-3dB:precision=double",
        "-c:a", "flac", "-sample_fmt", "s32", "-bits_per_raw_sample", "24", "-y", out.toString()));
  }

  static long peakKb() {
    long max = PEAK_KB.values().stream().mapToLong(Long::longValue).max().orElse(0);
    PEAK_KB.clear();
    return max;
  }

  static void run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (p.waitFor() != 0) throw new IllegalStateException("failed: " + cmd);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** CPU-seconds of this JVM (all threads) plus its reaped children, from /proc/self/stat. */
  static double cpu() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // after the comm field: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
    return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICK;
  }

  /** Polls the JVM's child processes every 2 ms for their peak resident size (VmHWM). */
  static Thread startSampler() {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        ProcessHandle.current().children().forEach(c -> {
          try {
            if (!Files.readString(Path.of("/proc", Long.toString(c.pid()), "comm")).trim().equals("ffmpeg")) return;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(c.pid()), "status"))) {
              if (line.startsWith("VmHWM:")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                PEAK_KB.merge(c.pid(), kb, Math::max);
              }
            }
          } catch (IOException | RuntimeException gone) {
            // the process ended between listing and reading: its last sample stands
          }
        });
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "rss-sampler");
    t.setDaemon(true);
    t.start();
    return t;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }
}
