package chorus.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;

/**
 * A small FLAC encoder for the producer format: 48 kHz, mono, 24-bit, fixed blocks of 4096 samples, each coded with
 * the best of the format's fixed predictors (orders 0 to 4) and Rice-coded residuals in 16 partitions (parameters
 * chosen by exact bit count). It writes the stream in one pass; the STREAMINFO's total length is known up front,
 * its MD5 is left at zero ("not computed", which the format allows). Written here, not by a second ffmpeg run,
 * because it saves a process start and a read of the whole take per job (see bench/audio/).
 */
final class FlacEncoder implements AutoCloseable {
  static final int BLOCK = 4096;
  private static final int BITS = 24;
  private static final int MAX = (1 << (BITS - 1)) - 1;
  private static final int PARTITION_ORDER = 4;

  private final OutputStream out;
  private final int[] block = new int[BLOCK];
  private final int[][] residual = new int[5][BLOCK];
  private final BitWriter bits = new BitWriter(BLOCK * 4 + 64);
  private final float gain;
  private int filled;
  private long frame;

  /** Writes the stream header for {@code totalSamples} samples; samples are multiplied by {@code gain}. */
  FlacEncoder(OutputStream out, long totalSamples, double gain) throws IOException {
    this.out = out;
    this.gain = (float) gain;
    BitWriter h = new BitWriter(64);
    h.write(0x664C6143L, 32);                  // "fLaC"
    h.write(1, 1).write(0, 7).write(34, 24);   // last metadata block: STREAMINFO, 34 bytes
    h.write(BLOCK, 16).write(BLOCK, 16).write(0, 24).write(0, 24);
    h.write(Decoder.RATE, 20).write(0, 3).write(BITS - 1, 5).write(totalSamples, 36);
    for (int i = 0; i < 4; i++) h.write(0, 32);   // MD5: not computed
    out.write(h.bytes(), 0, h.length());
  }

  void accept(float[] x, int from, int to) throws IOException {
    for (int i = from; i < to; i++) {
      float v = x[i] * gain * MAX;
      block[filled++] = v >= MAX ? MAX : v <= -MAX - 1 ? -MAX - 1 : Math.round(v);
      if (filled == BLOCK) flush();
    }
  }

  @Override
  public void close() throws IOException {
    if (filled > 0) flush();
    out.flush();
  }

  private void flush() throws IOException {
    int n = filled;
    filled = 0;
    bits.reset();
    // frame header: sync, fixed blocking; block size code; 48 kHz; mono; 24 bits; frame number (UTF-8 style)
    bits.write(0xFFF8, 16);
    int sizeCode = n == BLOCK ? 12 : n <= 256 ? 6 : 7;
    bits.write(sizeCode, 4).write(10, 4).write(0, 4).write(6, 3).write(0, 1);
    utf8(frame++);
    if (sizeCode == 6) bits.write(n - 1, 8);
    else if (sizeCode == 7) bits.write(n - 1, 16);
    bits.write(Crc.crc8(bits.bytes(), bits.length()), 8);
    subframe(n);
    bits.align();
    int crc = Crc.crc16(bits.bytes(), bits.length());
    bits.write(crc, 16);
    out.write(bits.bytes(), 0, bits.length());
  }

  private void subframe(int n) {
    int order = bestOrder(n);
    bits.write(0, 1).write(8 | order, 6).write(0, 1);   // fixed predictor of this order, no wasted bits
    for (int i = 0; i < order; i++) bits.writeSigned(block[i], BITS);
    int po = PARTITION_ORDER;
    while (po > 0 && ((n & ((1 << po) - 1)) != 0 || (n >> po) <= order)) po--;
    bits.write(1, 2).write(po, 4);                        // Rice with 5-bit parameters (RICE2)
    int[] r = residual[order];
    int size = n >> po;
    for (int p = 0; p < (1 << po); p++) {
      int start = p == 0 ? order : p * size;
      int end = (p + 1) * size;
      int k = riceParameter(r, start, end);
      bits.write(k, 5);
      for (int i = start; i < end; i++) bits.writeRice(r[i], k);
    }
  }

  /** Residuals of the fixed predictors 0..4 and the order with the smallest sum of magnitudes. */
  private int bestOrder(int n) {
    int[] b = block;
    long[] sum = new long[5];
    int[] r0 = residual[0], r1 = residual[1], r2 = residual[2], r3 = residual[3], r4 = residual[4];
    for (int i = 0; i < n; i++) {
      int e0 = b[i];
      r0[i] = e0;
      if (i >= 1) { int e1 = e0 - b[i - 1]; r1[i] = e1; sum[1] += Math.abs(e1);
        if (i >= 2) { int e2 = e1 - r1[i - 1]; r2[i] = e2; sum[2] += Math.abs(e2);
          if (i >= 3) { int e3 = e2 - r2[i - 1]; r3[i] = e3; sum[3] += Math.abs(e3);
            if (i >= 4) { int e4 = e3 - r3[i - 1]; r4[i] = e4; sum[4] += Math.abs(e4); } } } }
      sum[0] += Math.abs(e0);
    }
    int best = 0;
    for (int o = 1; o <= 4 && o < n; o++) {
      // the orders' sums cover slightly different ranges: scale to per-sample before comparing
      if ((double) sum[o] / (n - o) < (double) sum[best] / (n - best)) best = o;
    }
    return best;
  }

  /** The Rice parameter (0..30) with the fewest bits for these residuals. */
  private static int riceParameter(int[] r, int start, int end) {
    long total = 0;
    for (int i = start; i < end; i++) total += zigzag(r[i]);
    int n = end - start;
    if (n == 0) return 0;
    long mean = total / n;
    int guess = mean <= 0 ? 0 : Math.min(30, 63 - Long.numberOfLeadingZeros(mean));
    int best = -1;
    long bestBits = Long.MAX_VALUE;
    for (int k = Math.max(0, guess - 1); k <= Math.min(30, guess + 1); k++) {
      long b = (long) n * (k + 1);
      for (int i = start; i < end; i++) b += zigzag(r[i]) >>> k;
      if (b < bestBits) {
        bestBits = b;
        best = k;
      }
    }
    return best;
  }

  static long zigzag(int v) {
    return ((long) v << 1) ^ ((long) v >> 63);
  }

  private void utf8(long v) {
    if (v < 0x80) {
      bits.write(v, 8);
      return;
    }
    int extra = v < 0x800 ? 1 : v < 0x10000 ? 2 : v < 0x200000 ? 3 : v < 0x4000000 ? 4 : 5;
    int lead = (0xFF00 >> (extra + 1)) & 0xFF;
    bits.write(lead | (v >>> (6 * extra)), 8);
    for (int i = extra - 1; i >= 0; i--) bits.write(0x80 | ((v >>> (6 * i)) & 0x3F), 8);
  }

  /** Writes {@code count} samples of a raw little-endian float file, from sample {@code start}, as FLAC. */
  static void encode(FileChannel raw, long start, long count, double gainDb, OutputStream out) throws IOException {
    try (FlacEncoder enc = new FlacEncoder(out, count, Math.pow(10, gainDb / 20))) {
      ByteBuffer bytes = ByteBuffer.allocate(BLOCK * 4 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      float[] x = new float[BLOCK * 4];
      long pos = start * 4;
      long left = count;
      while (left > 0) {
        bytes.clear();
        bytes.limit((int) Math.min(bytes.capacity(), left * 4));
        while (bytes.hasRemaining()) {
          int n = raw.read(bytes, pos + bytes.position());
          if (n < 0) throw new IOException("raw PCM shorter than expected");
        }
        bytes.flip();
        int samples = bytes.remaining() / 4;
        bytes.asFloatBuffer().get(x, 0, samples);
        enc.accept(x, 0, samples);
        pos += samples * 4L;
        left -= samples;
      }
    }
  }
}
