package chorus.bench.mix;

import chorus.audio.Decoder;
import chorus.audio.Ffmpeg;
import chorus.mix.LeafMixer;
import chorus.mix.Mastering;
import chorus.mix.MixTake;
import chorus.mix.Submix;
import chorus.mix.Voice;
import chorus.mix.WavWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Takes mixed per CPU-second: the engine (one leaf of N takes, then mastering and the 24-bit WAV) against one
 * ffmpeg invocation mixing the same FLACs at the same sample offsets with the same pan gains ({@code adelay},
 * {@code pan}, {@code amix} without normalisation, {@code atrim} to the song's length, 24-bit WAV). CPU is
 * counted for this JVM and its children (ffmpeg) alike.
 *
 * <p>Arguments: takes (200), seconds per take (10), rounds (3).
 */
public final class EngineVsFfmpeg {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int song = 61_500 * 48;
    Path dir = Path.of("target/bench-mix");
    BenchTakes t = BenchTakes.make(dir.resolve("takes"), n, n, seconds, song, 42);
    System.out.printf(Locale.ROOT, "%d takes of %.0f s, song %d samples, %d rounds (best of)%n", n, seconds, song, rounds);
    double bestEngine = Double.MAX_VALUE, bestPeer = Double.MAX_VALUE, wallEngine = 0, wallPeer = 0;
    for (int r = 0; r < rounds + 1; r++) { // round 0 warms the JIT and the page cache
      double[] c0 = CpuClock.now();
      long w0 = System.nanoTime();
      Submix mix = LeafMixer.mix(t.takes, t.fileOfTake, song, 1 / Math.sqrt(n), dir, 600);
      Mastering.master(mix);
      WavWriter.write24(mix, dir.resolve("engine.wav"));
      double[] c1 = CpuClock.now();
      long w1 = System.nanoTime();
      peer(t, song, dir.resolve("peer.wav"), dir);
      double[] c2 = CpuClock.now();
      long w2 = System.nanoTime();
      double engine = (c1[0] - c0[0]) + (c1[1] - c0[1]), peer = (c2[0] - c1[0]) + (c2[1] - c1[1]);
      if (r == 0) continue;
      System.out.printf(Locale.ROOT, "round %d: engine %.2f CPU-s (ffmpeg decode %.2f) %.2f s wall; ffmpeg amix %.2f CPU-s %.2f s wall%n",
          r, engine, c1[1] - c0[1], (w1 - w0) / 1e9, peer, (w2 - w1) / 1e9);
      if (engine < bestEngine) { bestEngine = engine; wallEngine = (w1 - w0) / 1e9; }
      if (peer < bestPeer) { bestPeer = peer; wallPeer = (w2 - w1) / 1e9; }
    }
    System.out.printf(Locale.ROOT, "engine: %.0f takes per CPU-second (%.2f s wall)%n", n / bestEngine, wallEngine);
    System.out.printf(Locale.ROOT, "ffmpeg adelay+amix: %.0f takes per CPU-second (%.2f s wall)%n", n / bestPeer, wallPeer);
    System.out.printf(Locale.ROOT, "ratio engine/ffmpeg: %.2f; peak RSS of the JVM %.0f MiB%n", bestPeer / bestEngine, CpuClock.peakRssMib());
  }

  /** One ffmpeg process: every take delayed to its offset, panned with the engine's gains, summed, trimmed. */
  static void peer(BenchTakes t, int song, Path out, Path dir) throws Exception {
    List<String> args = new ArrayList<>(List.of("-y"));
    StringBuilder graph = new StringBuilder();
    double g = 1 / Math.sqrt(t.takes.size());
    for (int i = 0; i < t.takes.size(); i++) {
      MixTake take = t.takes.get(i);
      args.add("-i");
      args.add(t.fileOfTake.get(i).toString());
      double[] lr = Voice.equalPower(Voice.pan(take.id()));
      graph.append(String.format(Locale.ROOT, "[%d:a]adelay=delays=%dS:all=1,pan=stereo|c0=%.6f*c0|c1=%.6f*c0[a%d];",
          i, take.startSample(), g * lr[0], g * lr[1], i));
    }
    for (int i = 0; i < t.takes.size(); i++) graph.append("[a").append(i).append(']');
    graph.append("amix=inputs=").append(t.takes.size()).append(":normalize=0:duration=longest,apad=whole_len=").append(song)
        .append(",atrim=end_sample=").append(song).append("[out]");
    Path script = dir.resolve("graph.txt");
    Files.writeString(script, graph);
    args.addAll(List.of("-filter_complex_script", script.toString(), "-map", "[out]", "-c:a", "pcm_s24le", out.toString()));
    Ffmpeg.bundled().run(600, args.toArray(String[]::new));
  }
}
