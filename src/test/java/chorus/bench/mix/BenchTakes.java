package chorus.bench.mix;

import chorus.audio.Decoder;
import chorus.audio.Ffmpeg;
import chorus.mix.MixTake;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generated takes for the mix benchmarks: {@code seconds} of a sung-like voice (a few harmonics with vibrato,
 * a new note every half second) as 48 kHz mono 16-bit FLAC, at a random offset in the song. Seeded: the same
 * arguments give the same files. Only {@code distinct} files are encoded; take i uses file i mod distinct.
 */
final class BenchTakes {
  final List<Path> files = new ArrayList<>();
  final List<MixTake> takes = new ArrayList<>();
  final List<Path> fileOfTake = new ArrayList<>();

  static BenchTakes make(Path dir, int count, int distinct, double seconds, int songSamples, long seed) throws IOException {
    Files.createDirectories(dir);
    BenchTakes b = new BenchTakes();
    Random rnd = new Random(seed);
    int n = (int) (seconds * Decoder.RATE);
    for (int f = 0; f < distinct; f++) {
      Path p = dir.resolve("take-" + seconds + "-" + f + ".flac");
      if (!Files.exists(p)) writeFlac(voice(n, rnd), p);
      b.files.add(p);
    }
    for (int i = 0; i < count; i++) {
      long start = rnd.nextInt(Math.max(1, songSamples - n));
      b.takes.add(new MixTake(new UUID(seed, i), start));
      b.fileOfTake.add(b.files.get(i % distinct));
    }
    return b;
  }

  static float[] voice(int n, Random rnd) {
    float[] x = new float[n];
    double phase = 0, f = 0;
    for (int i = 0; i < n; i++) {
      if (i % (Decoder.RATE / 2) == 0) f = 196 * Math.pow(2, rnd.nextInt(12) / 12.0);
      double t = (i % (Decoder.RATE / 2)) / (double) Decoder.RATE;
      double fi = f * (1 + 0.01 * Math.sin(2 * Math.PI * 5.5 * i / Decoder.RATE));
      phase += 2 * Math.PI * fi / Decoder.RATE;
      double env = Math.min(1, t / 0.03) * Math.exp(-t * 1.5);
      x[i] = (float) (0.2 * env * (Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase)) + 0.002 * rnd.nextGaussian());
    }
    return x;
  }

  static void writeFlac(float[] x, Path file) throws IOException {
    Process p = new ProcessBuilder(Ffmpeg.bundled().command("-y", "-f", "f32le", "-ar", "48000", "-ac", "1", "-i", "pipe:0",
        "-c:a", "flac", "-sample_fmt", "s16", file.toString())).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    ByteBuffer b = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(x);
    try (OutputStream out = p.getOutputStream()) {
      out.write(b.array());
    }
    try {
      if (p.waitFor() != 0) throw new IOException("ffmpeg could not write " + file);
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
  }
}
