package chorus.audio;

/** MSB-first bit packing into a growable byte array, with FLAC's signed and Rice codes. */
final class BitWriter {
  private byte[] buf;
  private int length;
  private long acc;
  private int accBits;

  BitWriter(int capacity) {
    buf = new byte[capacity];
  }

  void reset() {
    length = 0;
    acc = 0;
    accBits = 0;
  }

  /** Appends the low {@code n} bits of {@code v} (n ≤ 32 per call for safety; 36 handled by splitting). */
  BitWriter write(long v, int n) {
    if (n > 32) {
      write(v >>> 32, n - 32);
      return write(v & 0xFFFFFFFFL, 32);
    }
    acc = (acc << n) | (v & ((1L << n) - 1));
    accBits += n;
    while (accBits >= 8) {
      accBits -= 8;
      put((byte) (acc >>> accBits));
    }
    acc &= (1L << accBits) - 1;
    return this;
  }

  void writeSigned(int v, int n) {
    write(v & ((1L << n) - 1), n);
  }

  /** Rice code of a signed residual: zigzag, the quotient in unary (zeros then a one), then k low bits. */
  void writeRice(int v, int k) {
    long u = FlacEncoder.zigzag(v);
    long q = u >>> k;
    while (q >= 32) {
      write(0, 32);
      q -= 32;
    }
    write(1, (int) q + 1);
    if (k > 0) write(u & ((1L << k) - 1), k);
  }

  void align() {
    if (accBits > 0) write(0, 8 - accBits);
  }

  byte[] bytes() { return buf; }

  /** Whole bytes written so far. */
  int length() { return length; }

  private void put(byte b) {
    if (length == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
    buf[length++] = b;
  }
}
