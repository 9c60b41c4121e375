package chorus.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small real audio files made in memory for upload tests. */
public final class Audio {
  private Audio() {}

  /** A 16-bit mono 16 kHz PCM WAV of a sine tone. */
  public static byte[] wav(double seconds, double hz) {
    int rate = 16_000;
    int samples = (int) Math.round(seconds * rate);
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
        .putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt(samples * 2);
    for (int i = 0; i < samples; i++) b.putShort((short) Math.round(Math.sin(2 * Math.PI * hz * i / rate) * 0.3 * Short.MAX_VALUE));
    return b.array();
  }

  /** A 48 kHz mono FLAC of a sine tone, as the audio pipeline leaves a take's producer file (made with the bundled ffmpeg). */
  public static byte[] flac(double seconds, double hz) {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("flac");
      java.nio.file.Path in = dir.resolve("in.wav"), out = dir.resolve("out.flac");
      java.nio.file.Files.write(in, wav(seconds, hz));
      chorus.audio.Ffmpeg.bundled().run(60, "-y", "-i", in.toString(), "-ar", "48000", "-ac", "1", "-c:a", "flac", out.toString());
      byte[] bytes = java.nio.file.Files.readAllBytes(out);
      java.nio.file.Files.delete(in);
      java.nio.file.Files.delete(out);
      java.nio.file.Files.delete(dir);
      return bytes;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
