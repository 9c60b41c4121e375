import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Composes the backing track: 120 BPM in A major, I-V-vi-IV (A E F#m D), a 2-bar (4 s) stick count-in,
 * intro, verse, chorus, verse, chorus and a held final chord. Writes a WAV, encodes it with Debian's lame,
 * measures the MP3 and writes the measured durationMs into conf/campaign.json.
 */
public final class MakeAudio {
    static final double BAR = 2.0, BEAT = 0.5;
    static final int[][] CHORDS = {{57, 61, 64, 69}, {56, 59, 64, 68}, {57, 61, 66, 69}, {57, 62, 66, 69}};
    static final int[] ROOTS = {45, 40, 42, 38};
    static final double LENGTH = 61.5;

    public static void main(String[] args) throws Exception {
        Map<String, Object> track = CampaignFiles.map(CampaignFiles.campaign(), "backingTrack");
        int n = (int) (LENGTH * Synth.SR);
        float[] drums = new float[n], bass = new float[n], pad = new float[n], arp = new float[n], send = new float[n];
        Synth s = new Synth();
        for (int beat = 0; beat < 8; beat++) {
            if (beat < 4 && beat % 2 == 1) continue;
            s.stick(drums, beat * BEAT, beat % 4 == 0, 0.5);
        }
        for (int bar = 2; bar < 28; bar++) {
            int c = bar % 4; // sections start on bars divisible by 4, so each starts on the I chord
            double t = bar * BAR;
            boolean chorus = (bar >= 12 && bar < 20) || bar >= 24, intro = bar < 4, verse2 = bar >= 20 && bar < 24;
            for (int k = 0; k < 4; k++) {
                s.pad(pad, CHORDS[c][k], t, BAR, chorus ? 2600 : 1300, 0.07, -4);
                s.pad(pad, CHORDS[c][k] + (k == 3 ? 0 : 12), t, BAR, chorus ? 2600 : 1300, chorus ? 0.03 : 0.015, 5);
            }
            if (bar == 12 || bar == 24) s.crash(drums, t, 0.35);
            for (int e = 0; e < 8; e++) {
                double te = t + e * BEAT / 2;
                if (!intro) {
                    int note = ROOTS[c] + (chorus && e % 2 == 1 ? 12 : 0);
                    if (chorus || verse2 || e % 2 == 0) s.pluck(bass, note, te, BEAT / 2 * 0.9, 0.25, 900, 0.5);
                }
                if (!intro || e % 2 == 1) s.hat(drums, te, chorus && e % 2 == 1, e % 2 == 0 ? 0.16 : 0.1);
                if (chorus) {
                    int[] ch = CHORDS[c];
                    int[] order = {0, 1, 2, 3, 2, 1, 2, 3};
                    s.pluck(arp, ch[order[e]] + 12, te, BEAT / 2, 0.18, 3200, 0.12);
                }
            }
            for (int b = 0; b < 4; b++) {
                double tb = t + b * BEAT;
                if (chorus || b % 2 == 0) s.kick(drums, tb, intro ? 0.5 : 0.85);
                if (!intro && b % 2 == 1) s.snare(drums, tb, verse2 ? 0.3 : 0.45);
                if (!intro && b % 2 == 1) s.snare(send, tb, 0.2);
            }
        }
        double end = 28 * BAR;
        s.kick(drums, end, 0.9);
        s.crash(drums, end, 0.4);
        s.pluck(bass, ROOTS[0], end, 3.0, 1.2, 700, 0.55);
        for (int k = 0; k < 4; k++) {
            s.pad(pad, CHORDS[0][k], end, 3.2, 2200, 0.08, -4);
            s.pad(pad, CHORDS[0][k] + 12, end, 3.2, 2200, 0.03, 5);
        }
        float[][] mix = mix(drums, bass, pad, arp, send);
        Path wav = Path.of("target/campaign-tools/backing.wav");
        Files.createDirectories(wav.getParent());
        writeWav(mix, wav);
        Path mp3 = CampaignFiles.output(Json.str(track.get("url"), "url"));
        Process p = new ProcessBuilder("lame", "--quiet", "--cbr", "-b", "112", "-q", "2",
            "--tt", "Sing It Loud (backing track)", "--ta", "Nova Aria (fictional)",
            "--tc", "Made by the Chorus project, CC0 1.0", wav.toString(), mp3.toString()).inheritIO().start();
        if (p.waitFor() != 0) throw new IOException("lame failed with exit code " + p.exitValue());
        Mp3Info info = Mp3Info.read(mp3);
        long ms = Math.round(info.durationMs());
        System.out.printf("audio: %d samples in WAV, %d samples in MP3 (%d frames, delay %d, padding %d), %d ms, %d bytes%n",
            mix[0].length, info.samples(), info.audioFrames(), info.delay(), info.padding(), ms, Files.size(mp3));
        String json = Files.readString(CampaignFiles.CONF, StandardCharsets.UTF_8);
        String updated = json.replaceFirst("(\"backingTrack\"\\s*:\\s*\\{[^}]*\"durationMs\"\\s*:\\s*)\\d+", "$1" + ms);
        if (updated.equals(json) && !json.contains("\"durationMs\": " + ms)) throw new IOException("durationMs not found");
        Files.writeString(CampaignFiles.CONF, updated, StandardCharsets.UTF_8);
    }

    /** Stereo mix: pads and arpeggio spread and sent to a reverb, gentle limiter, -2 dBFS peak (headroom for MP3 overshoot), fade-out tail. */
    static float[][] mix(float[] drums, float[] bass, float[] pad, float[] arp, float[] send) {
        int n = drums.length;
        float[] wet = new float[n];
        for (int i = 0; i < n; i++) wet[i] = 0.5f * pad[i] + 0.6f * arp[i] + send[i];
        float[][] rev = Reverb.stereo(wet);
        float[][] out = new float[2][n];
        float[] delayed = new float[n];
        int d = (int) (0.012 * Synth.SR);
        for (int i = d; i < n; i++) delayed[i] = pad[i - d];
        double peak = 0;
        for (int i = 0; i < n; i++) {
            double common = drums[i] + bass[i];
            double l = common + 0.8 * pad[i] + 0.4 * delayed[i] + 0.7 * arp[i] + 0.35 * rev[0][i];
            double r = common + 0.4 * pad[i] + 0.8 * delayed[i] + 0.5 * arp[i] + 0.35 * rev[1][i];
            double t = (double) i / Synth.SR, fade = t > LENGTH - 1.5 ? Math.max(0, (LENGTH - t) / 1.5) : 1;
            out[0][i] = (float) (Math.tanh(1.3 * l) * fade);
            out[1][i] = (float) (Math.tanh(1.3 * r) * fade);
            peak = Math.max(peak, Math.max(Math.abs(out[0][i]), Math.abs(out[1][i])));
        }
        double g = 0.8 / peak;
        for (float[] ch : out) for (int i = 0; i < n; i++) ch[i] *= (float) g;
        return out;
    }

    static void writeWav(float[][] ch, Path file) throws IOException {
        int n = ch[0].length;
        ByteBuffer b = ByteBuffer.allocate(44 + n * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + n * 4).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2)
            .putInt(Synth.SR).putInt(Synth.SR * 4).putShort((short) 4).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(n * 4);
        for (int i = 0; i < n; i++) {
            for (float[] c : ch) b.putShort((short) Math.round(Math.max(-1, Math.min(1, c[i])) * 32767));
        }
        Files.write(file, b.array());
    }
}
