package chorus.mix;

import chorus.audio.Decoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * 24-bit PCM stereo WAV at 48 kHz (RIFF, a 16-byte fmt chunk, data): samples rounded to the nearest step and
 * clipped to full scale, no dither, so the file is a pure function of the float signal.
 */
public final class WavWriter {
  private WavWriter() {}

  public static void write24(Submix mix, Path file) throws IOException {
    int frames = mix.frames();
    long dataBytes = (long) frames * 6;
    if (dataBytes + 36 > 0xFFFFFFFFL) throw new IOException("too long for a WAV file");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
      h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes)).put("WAVE".getBytes(StandardCharsets.US_ASCII));
      h.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2)
          .putInt(Decoder.RATE).putInt(Decoder.RATE * 6).putShort((short) 6).putShort((short) 24);
      h.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
      out.write(h.array());
      byte[] b = new byte[6 * 4096];
      float[] lr = mix.lr;
      for (int f = 0; f < frames; f += 4096) {
        int n = Math.min(4096, frames - f), o = 0;
        for (int i = 2 * f; i < 2 * (f + n); i++) {
          int v = quantise(lr[i]);
          b[o++] = (byte) v;
          b[o++] = (byte) (v >> 8);
          b[o++] = (byte) (v >> 16);
        }
        out.write(b, 0, o);
      }
    }
  }

  static int quantise(float x) {
    long v = Math.round(x * 8388608.0);
    return (int) Math.max(-8388608, Math.min(8388607, v));
  }
}
