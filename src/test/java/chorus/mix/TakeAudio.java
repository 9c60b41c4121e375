package chorus.mix;

import chorus.audio.Decoder;
import chorus.audio.Ffmpeg;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Generated takes for the mix tests: signals as 48 kHz mono FLAC (like the audio pipeline's producer files). */
final class TakeAudio {
  static final int RATE = Decoder.RATE;

  private TakeAudio() {}

  /** A pure tone at {@code hz}, amplitude {@code amp}, {@code seconds} long. */
  static float[] tone(double hz, double seconds, double amp) {
    float[] x = new float[(int) Math.round(seconds * RATE)];
    for (int i = 0; i < x.length; i++) x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / RATE));
    return x;
  }

  /** Encodes mono float samples as a 48 kHz FLAC (16-bit) with the bundled ffmpeg. */
  static void writeFlac(float[] x, Path file) throws IOException {
    Process p = new ProcessBuilder(Ffmpeg.bundled().command("-y", "-f", "f32le", "-ar", String.valueOf(RATE), "-ac", "1", "-i", "pipe:0",
        "-c:a", "flac", "-sample_fmt", "s16", file.toString())).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    ByteBuffer b = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(x);
    try (OutputStream out = p.getOutputStream()) {
      out.write(b.array());
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("ffmpeg could not write " + file);
    } catch (InterruptedException e) {
      throw new IOException(e);
    }
  }

  /**
   * Power of frequency {@code hz} in {@code x[from, from+n)} by the Goertzel algorithm over a Hann window (low
   * leakage from the neighbouring tones), scaled so a sine of amplitude A gives A&sup2;/2.
   */
  static double goertzel(float[] x, int from, int n, double hz) {
    double w = 2 * Math.PI * hz / RATE, c = 2 * Math.cos(w), s1 = 0, s2 = 0, sumW = 0;
    for (int i = 0; i < n; i++) {
      double win = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / n);
      sumW += win;
      double s = x[from + i] * win + c * s1 - s2;
      s2 = s1;
      s1 = s;
    }
    double power = s1 * s1 + s2 * s2 - c * s1 * s2;
    return 2 * power / (sumW * sumW);
  }

  /** The left or right channel of a submix. */
  static float[] channel(Submix m, int ch) {
    float[] x = new float[m.frames()];
    for (int i = 0; i < x.length; i++) x[i] = ch == 0 ? m.left(i) : m.right(i);
    return x;
  }
}
