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
}
