package chorus.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Media files built by hand, byte by byte, as far as a type check reads them: the container headers a browser's
 * recorder or a phone writes (EBML/WebM with its Tracks, Ogg with an Opus or Theora header, ISO BMFF with
 * ftyp/moov/hdlr, MPEG audio frames after an ID3 tag), padded with filler to the size asked for.
 */
public final class Containers {
  private Containers() {}

  private static byte[] pad(byte[] head, int size) {
    return head.length >= size ? head : Arrays.copyOf(head, size);
  }

  private static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  // ---- EBML

  private static byte[] el(int id, byte[] data) {
    byte[] idBytes = id > 0xFFFFFF ? new byte[] {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id}
        : id > 0xFFFF ? new byte[] {(byte) (id >>> 16), (byte) (id >>> 8), (byte) id}
        : id > 0xFF ? new byte[] {(byte) (id >>> 8), (byte) id} : new byte[] {(byte) id};
    // 4-byte size (marker 0x10)
    int n = data.length;
    byte[] size = {(byte) (0x10 | (n >>> 24)), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    return cat(idBytes, size, data);
  }

  private static byte[] unknownSize(int id) {
    byte[] idBytes = {(byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
    return cat(idBytes, new byte[] {0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
  }

  private static byte[] track(int type) {
    return el(0xAE, cat(el(0xD7, new byte[] {1}), el(0x83, new byte[] {(byte) type}), el(0x86, ascii(type == 2 ? "A_OPUS" : "V_VP8"))));
  }

  /** WebM as MediaRecorder writes it (Segment and Cluster of unknown size) with these track types (1 video, 2 audio). */
  public static byte[] webm(String docType, int size, int... trackTypes) {
    byte[] header = el(0x1A45DFA3, cat(el(0x4286, new byte[] {1}), el(0x4282, ascii(docType)), el(0x4287, new byte[] {4})));
    byte[][] tracks = new byte[trackTypes.length][];
    for (int i = 0; i < trackTypes.length; i++) tracks[i] = track(trackTypes[i]);
    byte[] info = el(0x1549A966, el(0x2AD7B1, new byte[] {0x0F, 0x42, 0x40}));
    return pad(cat(header, unknownSize(0x18538067), info, el(0x1654AE6B, cat(tracks)), unknownSize(0x1F43B675)), size);
  }

  public static byte[] webmAudio(int size) {
    return webm("webm", size, 2);
  }

  // ---- Ogg

  /** An Ogg stream whose first page carries this codec's identification header. */
  public static byte[] ogg(String codec, int size) {
    byte[] packet = switch (codec) {
      case "opus" -> cat(ascii("OpusHead"), new byte[] {1, 1, 0x38, 1, (byte) 0x80, (byte) 0xBB, 0, 0, 0, 0, 0});
      case "vorbis" -> cat(new byte[] {1}, ascii("vorbis"), new byte[23]);
      case "theora" -> cat(new byte[] {(byte) 0x80}, ascii("theora"), new byte[35]);
      default -> throw new IllegalArgumentException(codec);
    };
    ByteBuffer page = ByteBuffer.allocate(28 + packet.length);
    page.put(ascii("OggS")).put((byte) 0).put((byte) 2).putLong(0).putInt(0x1234).putInt(0).putInt(0)
        .put((byte) 1).put((byte) packet.length).put(packet);
    return pad(page.array(), size);
  }

  // ---- ISO BMFF

  private static byte[] box(String type, byte[]... content) {
    byte[] body = cat(content);
    return cat(ByteBuffer.allocate(4).putInt(8 + body.length).array(), ascii(type), body);
  }

  private static byte[] hdlr(String handler) {
    return box("hdlr", new byte[8], ascii(handler), new byte[12], ascii("x\0"));
  }

  /** ftyp with this major brand, and a moov whose tracks have these handlers (none: no moov, as when it is at the end). */
  public static byte[] mp4(String brand, int size, String... handlers) {
    byte[] ftyp = box("ftyp", ascii(brand), new byte[4], ascii(brand), ascii("isom"));
    if (handlers.length == 0) return pad(cat(ftyp, box("mdat", new byte[64])), size);
    byte[][] traks = new byte[handlers.length][];
    for (int i = 0; i < handlers.length; i++) traks[i] = box("trak", box("tkhd", new byte[84]), box("mdia", box("mdhd", new byte[24]), hdlr(handlers[i])));
    return pad(cat(ftyp, box("moov", box("mvhd", new byte[100]), cat(traks)), box("mdat", new byte[64])), size);
  }

  // ---- MP3

  /** An ID3v2 tag (when asked) then MPEG-1 Layer III frames of 128 kbit/s at 44.1 kHz (417 bytes each). */
  public static byte[] mp3(boolean id3, int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (id3) out.writeBytes(new byte[] {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 20});
    if (id3) out.writeBytes(new byte[20]);
    while (out.size() < size) {
      byte[] frame = new byte[417];
      frame[0] = (byte) 0xFF;
      frame[1] = (byte) 0xFB;
      frame[2] = (byte) 0x90;
      frame[3] = (byte) 0x64;
      out.writeBytes(frame);
    }
    return Arrays.copyOf(out.toByteArray(), size);
  }

  /** The first bytes of a PNG image. */
  public static byte[] png(int size) {
    return pad(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'}, size);
  }
}
