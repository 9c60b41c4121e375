package chorus.fan;

import io.vertx.core.buffer.Buffer;

/** The real type of an upload, from its first bytes: WebM/Matroska, Ogg, MP4/M4A, WAV or MP3; else null. */
public final class AudioSniffer {
  public static final int BYTES_NEEDED = 16;

  private AudioSniffer() {}

  public static String detect(Buffer head) {
    int n = head.length();
    if (n >= 4 && u(head, 0) == 0x1A && u(head, 1) == 0x45 && u(head, 2) == 0xDF && u(head, 3) == 0xA3) return "audio/webm";
    if (n >= 4 && ascii(head, 0, 4).equals("OggS")) return "audio/ogg";
    if (n >= 12 && ascii(head, 0, 4).equals("RIFF") && ascii(head, 8, 4).equals("WAVE")) return "audio/wav";
    if (n >= 8 && ascii(head, 4, 4).equals("ftyp")) return "audio/mp4";
    if (n >= 3 && ascii(head, 0, 3).equals("ID3")) return "audio/mpeg";
    if (n >= 2 && u(head, 0) == 0xFF && (u(head, 1) & 0xE0) == 0xE0 && (u(head, 1) & 0x06) != 0) return "audio/mpeg";
    return null;
  }

  private static int u(Buffer b, int i) {
    return b.getByte(i) & 0xFF;
  }

  private static String ascii(Buffer b, int from, int len) {
    return b.getString(from, from + len, "ISO-8859-1");
  }
}
