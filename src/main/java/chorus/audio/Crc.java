package chorus.audio;

/** FLAC's frame checksums: CRC-8 (polynomial x^8+x^2+x+1) of the header, CRC-16 (x^16+x^15+x^2+1) of the frame. */
final class Crc {
  private static final int[] T8 = new int[256];
  private static final int[] T16 = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i;
      for (int j = 0; j < 8; j++) c = (c & 0x80) != 0 ? ((c << 1) ^ 0x07) & 0xFF : (c << 1) & 0xFF;
      T8[i] = c;
      int d = i << 8;
      for (int j = 0; j < 8; j++) d = (d & 0x8000) != 0 ? ((d << 1) ^ 0x8005) & 0xFFFF : (d << 1) & 0xFFFF;
      T16[i] = d;
    }
  }

  private Crc() {}

  static int crc8(byte[] b, int n) {
    int c = 0;
    for (int i = 0; i < n; i++) c = T8[(c ^ b[i]) & 0xFF];
    return c;
  }

  static int crc16(byte[] b, int n) {
    int c = 0;
    for (int i = 0; i < n; i++) c = ((c << 8) ^ T16[((c >>> 8) ^ b[i]) & 0xFF]) & 0xFFFF;
    return c;
  }
}
