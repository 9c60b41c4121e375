package chorus.fan;

import io.vertx.core.buffer.Buffer;

/**
 * The real type of an upload, from the start of the file, parsed far enough to know it is audio: EBML with
 * DocType {@code webm}/{@code matroska} and an audio track but no video track; an ISO BMFF {@code ftyp} of an
 * audio brand, or a generic brand whose {@code moov} has a sound handler and no video handler; RIFF WAVE with
 * a {@code fmt } chunk; Ogg whose first packet is an Opus or Vorbis header; MPEG audio frames (after an ID3
 * tag). Anything else, video and images included, is null.
 */
public final class AudioSniffer {
  /** How much of the upload is read to decide (a range GET). */
  public static final int BYTES_NEEDED = 64 * 1024;

  private static final long UNKNOWN = -1;

  private AudioSniffer() {}

  public static String detect(Buffer head) {
    int n = head.length();
    if (n >= 4 && u(head, 0) == 0x1A && u(head, 1) == 0x45 && u(head, 2) == 0xDF && u(head, 3) == 0xA3) return ebml(head) ? "audio/webm" : null;
    if (n >= 4 && ascii(head, 0, 4).equals("OggS")) return ogg(head) ? "audio/ogg" : null;
    if (n >= 12 && ascii(head, 0, 4).equals("RIFF")) return ascii(head, 8, 4).equals("WAVE") && wave(head) ? "audio/wav" : null;
    if (n >= 8 && ascii(head, 4, 4).equals("ftyp")) return mp4(head) ? "audio/mp4" : null;
    if (n >= 10 && ascii(head, 0, 3).equals("ID3")) {
      int size = (u(head, 6) & 0x7F) << 21 | (u(head, 7) & 0x7F) << 14 | (u(head, 8) & 0x7F) << 7 | (u(head, 9) & 0x7F);
      int start = 10 + size + ((u(head, 5) & 0x10) != 0 ? 10 : 0);
      return mpegFrames(head, start) ? "audio/mpeg" : null;
    }
    return mpegFrames(head, 0) ? "audio/mpeg" : null;
  }

  // ---- EBML / Matroska / WebM

  private static boolean ebml(Buffer b) {
    int n = b.length();
    long[] id = new long[2];
    long[] size = new long[2];
    int pos = 0;
    if (!readId(b, pos, id) || !readSize(b, pos + (int) id[1], size)) return false;
    int headerStart = pos + (int) id[1] + (int) size[1];
    if (size[0] == UNKNOWN || headerStart + size[0] > n) return false;
    int headerEnd = (int) (headerStart + size[0]);
    String docType = null;
    for (pos = headerStart; pos < headerEnd; ) {
      if (!readId(b, pos, id) || !readSize(b, pos + (int) id[1], size) || size[0] == UNKNOWN) return false;
      int data = pos + (int) id[1] + (int) size[1];
      if (data + size[0] > headerEnd) return false;
      if (id[0] == 0x4282) docType = b.getString(data, (int) (data + size[0]), "ISO-8859-1").replace("\0", "");
      pos = (int) (data + size[0]);
    }
    if (!"webm".equals(docType) && !"matroska".equals(docType)) return false;
    // Segment (its size is often unknown in live recordings), then its children until Tracks
    pos = headerEnd;
    if (!readId(b, pos, id) || id[0] != 0x18538067 || !readSize(b, pos + (int) id[1], size)) return false;
    pos += (int) id[1] + (int) size[1];
    while (pos < n) {
      if (!readId(b, pos, id) || !readSize(b, pos + (int) id[1], size)) return false;
      int data = pos + (int) id[1] + (int) size[1];
      if (id[0] == 0x1654AE6B) { // Tracks
        int end = size[0] == UNKNOWN ? n : (int) Math.min(n, data + size[0]);
        return tracksAreAudio(b, data, end);
      }
      if (id[0] == 0x1F43B675 || size[0] == UNKNOWN) return false; // a Cluster before any Tracks
      pos = (int) (data + size[0]);
    }
    return false;
  }

  private static boolean tracksAreAudio(Buffer b, int from, int end) {
    long[] id = new long[2];
    long[] size = new long[2];
    int audio = 0;
    int other = 0;
    for (int pos = from; pos < end; ) {
      if (!readId(b, pos, id) || !readSize(b, pos + (int) id[1], size) || size[0] == UNKNOWN) return false;
      int data = pos + (int) id[1] + (int) size[1];
      int entryEnd = (int) Math.min(end, data + size[0]);
      if (id[0] == 0xAE) { // TrackEntry
        long type = -1;
        for (int p = data; p < entryEnd; ) {
          if (!readId(b, p, id) || !readSize(b, p + (int) id[1], size) || size[0] == UNKNOWN) break;
          int d = p + (int) id[1] + (int) size[1];
          if (id[0] == 0x83 && size[0] >= 1 && size[0] <= 8 && d + size[0] <= b.length()) {
            type = 0;
            for (int i = 0; i < size[0]; i++) type = type << 8 | u(b, d + i);
          }
          p = (int) (d + size[0]);
        }
        if (type == 2) audio++;
        else other++;
      }
      pos = (int) (data + size[0]);
    }
    return audio > 0 && other == 0;
  }

  /** An EBML element id (1–4 bytes, marker bits kept): {value, length}. */
  private static boolean readId(Buffer b, int pos, long[] out) {
    if (pos >= b.length()) return false;
    int first = u(b, pos);
    int len = first >= 0x80 ? 1 : first >= 0x40 ? 2 : first >= 0x20 ? 3 : first >= 0x10 ? 4 : 0;
    if (len == 0 || pos + len > b.length()) return false;
    long v = 0;
    for (int i = 0; i < len; i++) v = v << 8 | u(b, pos + i);
    out[0] = v;
    out[1] = len;
    return true;
  }

  /** An EBML size (1–8 bytes, marker removed; all ones = unknown): {value or UNKNOWN, length}. */
  private static boolean readSize(Buffer b, int pos, long[] out) {
    if (pos >= b.length()) return false;
    int first = u(b, pos);
    int len = Integer.numberOfLeadingZeros(first) - 23;
    if (first == 0 || len > 8 || pos + len > b.length()) return false;
    long v = first & (0xFF >> len);
    boolean allOnes = v == (0xFF >> len);
    for (int i = 1; i < len; i++) {
      int x = u(b, pos + i);
      allOnes &= x == 0xFF;
      v = v << 8 | x;
    }
    out[0] = allOnes ? UNKNOWN : v;
    out[1] = len;
    return v >= 0 && v < Integer.MAX_VALUE || allOnes;
  }

  // ---- Ogg

  private static boolean ogg(Buffer b) {
    if (b.length() < 28 || u(b, 4) != 0 || (u(b, 5) & 0x02) == 0) return false; // version 0, beginning of stream
    int segments = u(b, 26);
    int data = 27 + segments;
    if (data + 8 > b.length()) return false;
    if (ascii(b, data, 8).equals("OpusHead")) return true;
    return data + 7 <= b.length() && u(b, data) == 0x01 && ascii(b, data + 1, 6).equals("vorbis");
  }

  // ---- RIFF WAVE

  private static boolean wave(Buffer b) {
    for (int pos = 12; pos + 8 <= b.length(); ) {
      long size = b.getUnsignedIntLE(pos + 4);
      if (ascii(b, pos, 4).equals("fmt ")) {
        if (size < 16 || pos + 8 + 16 > b.length()) return false;
        int format = b.getUnsignedShortLE(pos + 8);
        int channels = b.getUnsignedShortLE(pos + 10);
        long rate = b.getUnsignedIntLE(pos + 12);
        return (format == 1 || format == 3 || format == 0xFFFE) && channels >= 1 && channels <= 8 && rate >= 8000 && rate <= 192_000;
      }
      pos += 8 + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - pos - 8);
    }
    return false;
  }

  // ---- ISO BMFF (MP4 / M4A)

  private static boolean mp4(Buffer b) {
    long ftypSize = b.getUnsignedInt(0);
    if (ftypSize < 16 || ftypSize > b.length()) return false;
    boolean audioBrand = false;
    for (int p = 8; p + 4 <= ftypSize; p += 4) {
      if (p == 12) continue; // minor version
      String brand = ascii(b, p, 4);
      audioBrand |= brand.equals("M4A ") || brand.equals("M4B ") || brand.equals("F4A ") || brand.equals("F4B ");
      if (brand.startsWith("qt") || brand.equals("M4V ") || brand.equals("M4VH") || brand.equals("M4VP") || brand.equals("F4V ")) return false;
    }
    int[] handlers = new int[2]; // sound, other
    boolean moov = boxes(b, (int) ftypSize, b.length(), 0, handlers);
    if (moov) return handlers[0] > 0 && handlers[1] == 0;
    return audioBrand; // an audio brand with its moov at the end of the file
  }

  /** Walks boxes; counts hdlr types under moov/trak/mdia. True when a moov box was read whole. */
  private static boolean boxes(Buffer b, int from, int end, int depth, int[] handlers) {
    boolean moov = false;
    for (int pos = from; pos + 8 <= end; ) {
      long size = b.getUnsignedInt(pos);
      String type = ascii(b, pos + 4, 4);
      int header = 8;
      if (size == 1) {
        if (pos + 16 > end) return moov;
        size = b.getLong(pos + 8);
        header = 16;
      } else if (size == 0) {
        size = end - pos;
      }
      if (size < header) return moov;
      boolean whole = pos + size <= end;
      int boxEnd = (int) Math.min(end, pos + size);
      switch (type) {
        case "moov" -> {
          if (depth == 0 && whole) {
            boxes(b, pos + header, boxEnd, 1, handlers);
            moov = true;
          }
        }
        case "trak", "mdia" -> boxes(b, pos + header, boxEnd, depth + 1, handlers);
        case "hdlr" -> {
          if (pos + header + 12 <= boxEnd) {
            String handler = ascii(b, pos + header + 8, 4);
            if (handler.equals("soun")) handlers[0]++;
            else if (handler.equals("vide") || handler.equals("pict") || handler.equals("auxv")) handlers[1]++;
          }
        }
        default -> { }
      }
      if (!whole) return moov;
      pos = boxEnd;
    }
    return moov;
  }

  // ---- MPEG audio (MP3)

  private static final int[] BITRATES_V1_L3 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0};
  private static final int[] BITRATES_V2_L3 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0};
  private static final int[] RATES_V1 = {44100, 48000, 32000, 0};

  /** Two consecutive valid MPEG-1/2 Layer III frame headers from {@code start} (one when the file is that short). */
  private static boolean mpegFrames(Buffer b, int start) {
    int first = frameLength(b, start);
    if (first <= 0) return false;
    int next = start + first;
    if (next + 4 > b.length()) return b.length() < BYTES_NEEDED; // a very short file: one frame is all there is
    return frameLength(b, next) > 0;
  }

  private static int frameLength(Buffer b, int pos) {
    if (pos < 0 || pos + 4 > b.length()) return -1;
    int h1 = u(b, pos + 1);
    int h2 = u(b, pos + 2);
    if (u(b, pos) != 0xFF || (h1 & 0xE0) != 0xE0) return -1;
    int version = (h1 >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
    int layer = (h1 >> 1) & 3; // 1 = Layer III
    if (version == 1 || layer != 1) return -1;
    int bitrate = (version == 3 ? BITRATES_V1_L3 : BITRATES_V2_L3)[h2 >> 4];
    int rateIndex = (h2 >> 2) & 3;
    if (bitrate == 0 || rateIndex == 3) return -1;
    int rate = RATES_V1[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
    int padding = (h2 >> 1) & 1;
    return (version == 3 ? 144 : 72) * bitrate * 1000 / rate + padding;
  }

  private static int u(Buffer b, int i) {
    return b.getByte(i) & 0xFF;
  }

  private static String ascii(Buffer b, int from, int len) {
    return b.getString(from, from + len, "ISO-8859-1");
  }
}
