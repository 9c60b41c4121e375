package chorus.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Takes made by the tests: 48 kHz float PCM drawn here, then encoded by the bundled ffmpeg into the formats browsers
 * send. Files land in target/audio-fixtures and are made once per run.
 */
public final class TakeFixtures {
  static final int RATE = 48_000;
  public static final Path DIR = Path.of("target", "audio-fixtures");
  public static final Path BACKING = Path.of("webroot", "campaign", "audio", "backing.mp3");

  /** The formats a take is encoded in: extension and ffmpeg output arguments. */
  public enum Format {
    WEBM("webm", "-ar", "48000", "-ac", "1", "-c:a", "libopus", "-b:a", "64k", "-f", "webm"),
    MP4("m4a", "-ar", "44100", "-ac", "2", "-c:a", "aac", "-b:a", "128k", "-f", "mp4"),
    WAV("wav", "-ar", "44100", "-ac", "2", "-c:a", "pcm_s16le", "-f", "wav"),
    OGG("ogg", "-ar", "48000", "-ac", "2", "-c:a", "libopus", "-b:a", "96k", "-f", "ogg"),
    MP3("mp3", "-ar", "44100", "-ac", "1", "-c:a", "libmp3lame", "-b:a", "128k", "-f", "mp3");

    final String ext;
    final List<String> args;

    Format(String ext, String... args) {
      this.ext = ext;
      this.args = List.of(args);
    }
  }

  private TakeFixtures() {}

  /**
   * A sung-like line: a melody in A major, each note a syllable (soft attack, sustain, release) with a breath
   * between phrases, eight harmonics with a vocal-ish roll-off, 5.5 Hz vibrato, a little breath noise.
   * Integrated loudness comes out near -20 LUFS.
   */
  public static float[] sung(double seconds, long seed) {
    Random random = new Random(seed);
    double[] melody = {440.00, 493.88, 554.37, 587.33, 659.25, 554.37, 493.88, 440.00, 369.99, 415.30, 440.00, 329.63};
    int n = (int) Math.round(seconds * RATE);
    float[] x = new float[n];
    double phase = 0;
    int pos = (int) (0.6 * RATE);                 // a little silence before the first note
    int note = 0;
    while (pos < n - RATE / 2) {
      int phraseNotes = 6 + random.nextInt(3);
      for (int k = 0; k < phraseNotes && pos < n - RATE / 2; k++, note++) {
        double f0 = melody[note % melody.length];
        int len = (int) ((0.28 + 0.22 * random.nextDouble()) * RATE);
        int gap = (int) (0.04 * RATE);
        for (int i = 0; i < len && pos + i < n; i++) {
          double t = i / (double) RATE;
          double env = Math.min(1, t / 0.04) * Math.min(1, (len - i) / (0.06 * RATE));
          double vibrato = 1 + 0.012 * Math.sin(2 * Math.PI * 5.5 * t) * Math.min(1, t / 0.15);
          phase += 2 * Math.PI * f0 * vibrato / RATE;
          double v = 0;
          for (int h = 1; h <= 8; h++) {
            double formant = h * f0 > 500 && h * f0 < 1200 ? 1.6 : 1.0;
            v += Math.sin(h * phase) * formant / (h * 1.3);
          }
          x[pos + i] = (float) (0.12 * env * v + 0.002 * random.nextGaussian() * env);
        }
        pos += len + gap;
      }
      pos += (int) (0.45 * RATE);                 // breath
    }
    return x;
  }

  static float[] silence(double seconds) {
    return new float[(int) Math.round(seconds * RATE)];
  }

  static float[] scaled(float[] x, double db) {
    float g = (float) Math.pow(10, db / 20);
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) y[i] = x[i] * g;
    return y;
  }

  /** A full-scale 220 Hz square wave: every sample at the rails. */
  public static float[] square(double seconds) {
    float[] x = new float[(int) Math.round(seconds * RATE)];
    for (int i = 0; i < x.length; i++) x[i] = (i * 220 * 2 / RATE) % 2 == 0 ? 1f : -1f;
    return x;
  }

  /** take[n] = voice[n] + track[n + offset] * 10^(trackDb/20): the take's first sample hears the track at offset. */
  public static float[] withTrack(float[] voice, float[] track, int offsetSamples, double trackDb) {
    float g = (float) Math.pow(10, trackDb / 20);
    float[] y = voice.clone();
    for (int i = 0; i < y.length; i++) {
      int j = i + offsetSamples;
      if (j >= 0 && j < track.length) y[i] += g * track[j];
    }
    return y;
  }

  /** The backing track decoded by the bundled ffmpeg to 48 kHz mono float, as the pipeline hears it. */
  public static float[] backing() {
    Path raw = DIR.resolve("backing.f32");
    if (!Files.exists(raw)) ffmpeg(List.of("-i", BACKING.toString(), "-ac", "1", "-ar", "48000", "-f", "f32le", raw.toString()));
    return read(raw);
  }

  /** Encodes the PCM into the format once (by name) and returns the file. */
  public static Path encode(String name, float[] pcm, Format format) {
    Path out = DIR.resolve(name + "." + format.ext);
    if (Files.exists(out)) return out;
    Path raw = DIR.resolve(name + ".f32");
    write(raw, pcm);
    List<String> args = new ArrayList<>(List.of("-f", "f32le", "-ar", "48000", "-ac", "1", "-i", raw.toString()));
    args.addAll(format.args);
    args.add(out.toString());
    ffmpeg(args);
    return out;
  }

  /** Runs the bundled ffmpeg (for fixtures and the independent checks); fails on a non-zero exit. Returns stderr. */
  public static String ffmpeg(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(Ffmpeg.bundled().executable().toString(), "-nostdin", "-hide_banner", "-y"));
    cmd.addAll(args);
    try {
      Files.createDirectories(DIR);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) throw new IllegalStateException("ffmpeg " + args + " failed:\n" + log);
      return log;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void write(Path file, float[] pcm) {
    ByteBuffer b = ByteBuffer.allocate(pcm.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(pcm);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, b.array());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static float[] read(Path file) {
    try {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      float[] x = new float[b.remaining() / 4];
      b.asFloatBuffer().get(x);
      return x;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
