package chorus.web;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A 16-bit mono PCM WAV file made in memory: what a phone's recorder app might hand the file input. */
final class Wav {
  static final int RATE = 16_000;

  private Wav() {}

  static byte[] sine(double seconds, double hz, double amplitude) {
    float[] pcm = new float[(int) Math.round(seconds * RATE)];
    for (int i = 0; i < pcm.length; i++) pcm[i] = (float) (Math.sin(2 * Math.PI * hz * i / RATE) * amplitude);
    return pcm(pcm, RATE);
  }

  /** The samples (-1..1) at the given rate as a WAV file. */
  static byte[] pcm(float[] samples, int rate) {
    ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + samples.length * 2).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
        .putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt(samples.length * 2);
    for (float s : samples) b.putShort((short) Math.round(Math.max(-1, Math.min(1, s)) * Short.MAX_VALUE));
    return b.array();
  }
}
