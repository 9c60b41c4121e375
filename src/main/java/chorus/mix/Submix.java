package chorus.mix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A stereo 32-bit float signal of the song's exact length, interleaved left/right: a leaf's or a merge's
 * output. Stored as raw little-endian {@code f32le} (8 bytes per sample frame, no header).
 */
public final class Submix {
  public static final String CONTENT_TYPE = "application/x-chorus-f32le-stereo";
  final float[] lr;
  private final int frames;

  public Submix(int frames) {
    this.frames = frames;
    this.lr = new float[frames * 2];
  }

  public int frames() {
    return frames;
  }

  public float left(int i) {
    return lr[2 * i];
  }

  public float right(int i) {
    return lr[2 * i + 1];
  }

  /** Adds a mono signal starting at timeline frame {@code start} with per-channel gains; what falls outside is cut. */
  void add(float[] x, int n, long start, float gl, float gr) {
    int from = (int) Math.max(0, -start);
    int to = (int) Math.min(n, frames - start);
    for (int i = from; i < to; i++) {
      int j = (int) (start + i) * 2;
      float v = x[i];
      lr[j] += v * gl;
      lr[j + 1] += v * gr;
    }
  }

  /** Adds another submix (stored bytes) sample by sample. */
  public void addBytes(byte[] f32le) {
    if (f32le.length != lr.length * 4) {
      throw new IllegalArgumentException("submix of " + f32le.length + " bytes, expected " + lr.length * 4);
    }
    ByteBuffer b = ByteBuffer.wrap(f32le).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < lr.length; i++) lr[i] += b.getFloat(i * 4);
  }

  public byte[] toBytes() {
    ByteBuffer b = ByteBuffer.allocate(lr.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(lr);
    return b.array();
  }

  public static Submix fromBytes(byte[] f32le) {
    Submix s = new Submix(f32le.length / 8);
    s.addBytes(f32le);
    return s;
  }
}
