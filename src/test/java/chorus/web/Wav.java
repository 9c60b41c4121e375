package chorus.web;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A 16-bit mono PCM WAV file made in memory: what a phone's recorder app might hand the file input. */
final class Wav {
  static final int RATE = 16_000;

  private Wav() {}

  static byte[] sine(double seconds, double hz, double amplitude) {
    int samples = (int) Math.round(seconds * RATE);
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
        .putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt(samples * 2);
    for (int i = 0; i < samples; i++) b.putShort((short) Math.round(Math.sin(2 * Math.PI * hz * i / RATE) * amplitude * Short.MAX_VALUE));
    return b.array();
  }
}
