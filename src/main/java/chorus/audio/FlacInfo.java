package chorus.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sample rate, channels and total samples from a FLAC file's STREAMINFO block (the first 42 bytes). */
public record FlacInfo(int rate, int channels, int bits, long samples) {

  public static FlacInfo read(Path file) throws IOException {
    byte[] h;
    try (InputStream in = Files.newInputStream(file)) {
      h = in.readNBytes(42);
    }
    return parse(h);
  }

  /** Parses the start of a FLAC stream: "fLaC", then a STREAMINFO metadata block. */
  public static FlacInfo parse(byte[] h) throws IOException {
    if (h.length < 42 || h[0] != 'f' || h[1] != 'L' || h[2] != 'a' || h[3] != 'C' || (h[4] & 0x7f) != 0) {
      throw new IOException("not a FLAC stream starting with STREAMINFO");
    }
    int o = 8 + 10; // block header (4) after the marker (4), then min/max block size (4) and frame size (6)
    long bits = 0;
    for (int i = 0; i < 8; i++) bits = (bits << 8) | (h[o + i] & 0xff);
    int rate = (int) (bits >>> 44);
    int channels = (int) ((bits >>> 41) & 0x7) + 1;
    int depth = (int) ((bits >>> 36) & 0x1f) + 1;
    long samples = bits & 0xFFFFFFFFFL;
    return new FlacInfo(rate, channels, depth, samples);
  }
}
