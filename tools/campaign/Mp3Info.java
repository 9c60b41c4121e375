import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads an MPEG-1 Layer III file: skips ID3v2, walks every frame header, and reads the Xing/Info + LAME tag
 * (encoder delay and padding) to give the playable duration the way gapless decoders and browsers do.
 */
record Mp3Info(int sampleRate, int channels, int audioFrames, int delay, int padding, int bitrateKbps) {
    static final int[] BITRATES = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    static final int[] RATES = {44100, 48000, 32000};

    long samples() {
        return (long) audioFrames * 1152 - delay - padding;
    }

    double durationMs() {
        return samples() * 1000.0 / sampleRate;
    }

    static Mp3Info read(Path file) throws IOException {
        byte[] d = Files.readAllBytes(file);
        int p = 0;
        if (d.length > 10 && d[0] == 'I' && d[1] == 'D' && d[2] == '3') {
            p = 10 + ((d[6] & 127) << 21 | (d[7] & 127) << 14 | (d[8] & 127) << 7 | (d[9] & 127));
        }
        int frames = 0, rate = -1, channels = -1, delay = 0, padding = 0, kbps = 0;
        boolean first = true;
        while (p + 4 <= d.length) {
            if (d.length - p == 128 && d[p] == 'T' && d[p + 1] == 'A' && d[p + 2] == 'G') break;
            int h = (d[p] & 255) << 24 | (d[p + 1] & 255) << 16 | (d[p + 2] & 255) << 8 | (d[p + 3] & 255);
            if ((h >>> 21) != 0x7ff || ((h >>> 19) & 3) != 3 || ((h >>> 17) & 3) != 1) {
                throw new IOException("not an MPEG-1 Layer III frame at byte " + p);
            }
            int br = BITRATES[(h >>> 12) & 15], sr = RATES[(h >>> 10) & 3], pad = (h >>> 9) & 1;
            int ch = ((h >>> 6) & 3) == 3 ? 1 : 2;
            if (rate < 0) { rate = sr; channels = ch; }
            if (sr != rate) throw new IOException("sample rate changes at byte " + p);
            int len = 144000 * br / sr + pad;
            int side = ch == 1 ? 17 : 32;
            String tag = new String(d, p + 4 + side, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (first && (tag.equals("Info") || tag.equals("Xing"))) {
                int x = p + 4 + side, flags = d[x + 7] & 15, at = x + 8;
                if ((flags & 1) != 0) at += 4;
                if ((flags & 2) != 0) at += 4;
                if ((flags & 4) != 0) at += 100;
                if ((flags & 8) != 0) at += 4;
                if (d[at] == 'L' && d[at + 1] == 'A' && d[at + 2] == 'M' && d[at + 3] == 'E') {
                    int q = at + 21;
                    delay = (d[q] & 255) << 4 | (d[q + 1] & 255) >>> 4;
                    padding = (d[q + 1] & 15) << 8 | (d[q + 2] & 255);
                }
            } else {
                frames++;
                kbps = br;
            }
            first = false;
            p += len;
        }
        if (frames == 0) throw new IOException("no audio frames");
        return new Mp3Info(rate, channels, frames, delay, padding, kbps);
    }
}
