import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The guide vocal: one synthetic voice singing the lyrics' melody on the backing track's timeline (same 120 BPM
 * grid and chords as MakeAudio), one note per syllable of each lyric line. The server aligns takes to it when the
 * track does not bleed into them (their onsets line up with its onsets), so what matters is clear note starts: a
 * short breathy consonant, a 25 ms attack, vibrato, formant-filtered sawtooth vowels. Encoded by Debian's lame
 * as 44.1 kHz mono MP3 and written to guideVocal.url with its measured durationMs.
 */
public final class MakeGuide {
    static final double[][] VOWELS = {{800, 1200, 2500}, {400, 2000, 2600}, {500, 900, 2400}, {300, 2300, 3000}};

    public static void main(String[] args) throws Exception {
        Map<String, Object> c = CampaignFiles.campaign();
        Map<String, Object> guide = CampaignFiles.map(c, "guideVocal");
        float[] voice = new float[(int) (MakeAudio.LENGTH * Synth.SR)];
        Random rnd = new Random(19);
        for (Object o : CampaignFiles.list(c, "lyrics")) {
            Map<String, Object> line = Json.obj(o, "lyric");
            double start = Json.num(line.get("startMs"), "startMs") / 1000, end = Json.num(line.get("endMs"), "endMs") / 1000;
            List<Double> lengths = rhythm(syllables(Json.str(line.get("text"), "text")), Math.min(3.5, end - start - 0.25), rnd);
            double t = start;
            for (double len : lengths) {
                int bar = (int) (t / MakeAudio.BAR) % 4;
                int[] chord = MakeAudio.CHORDS[bar];
                int note = chord[rnd.nextInt(3)] + (rnd.nextInt(4) == 0 ? 12 : 0);
                sing(voice, note, t, len * 0.85, VOWELS[rnd.nextInt(VOWELS.length)], rnd);
                t += len;
            }
        }
        double peak = 0;
        for (float v : voice) peak = Math.max(peak, Math.abs(v));
        for (int i = 0; i < voice.length; i++) voice[i] *= (float) (0.7 / peak);
        Path wav = Path.of("target/campaign-tools/guide.wav");
        Files.createDirectories(wav.getParent());
        MakeAudio.writeWav(new float[][] {voice, voice}, wav);
        Path mp3 = CampaignFiles.output(Json.str(guide.get("url"), "url"));
        Process p = new ProcessBuilder("lame", "--quiet", "-m", "m", "--cbr", "-b", "64", "-q", "2",
            "--tt", "Sing It Loud (guide vocal)", "--ta", "Nova Aria (fictional)",
            "--tc", "Made by the Chorus project, CC0 1.0", wav.toString(), mp3.toString()).inheritIO().start();
        if (p.waitFor() != 0) throw new IOException("lame failed with exit code " + p.exitValue());
        Mp3Info info = Mp3Info.read(mp3);
        long ms = Math.round(info.durationMs());
        System.out.printf("guide vocal: %d ms, %d bytes%n", ms, Files.size(mp3));
        String json = Files.readString(CampaignFiles.CONF);
        String updated = json.replaceFirst("(\"guideVocal\"\\s*:\\s*\\{[^}]*\"durationMs\"\\s*:\\s*)\\d+", "$1" + ms);
        if (updated.equals(json) && !json.contains("\"durationMs\": " + ms)) throw new IOException("guideVocal.durationMs not found");
        Files.writeString(CampaignFiles.CONF, updated);
    }

    /** Vowel groups of a line, a rough syllable count (at least 3, at most 10). */
    static int syllables(String text) {
        int n = 0;
        boolean inVowel = false;
        for (char ch : text.toLowerCase().toCharArray()) {
            boolean v = "aeiouy".indexOf(ch) >= 0;
            if (v && !inVowel) n++;
            inVowel = v;
        }
        return Math.max(3, Math.min(10, n));
    }

    /** Note lengths on the eighth-note grid (0.25 s) filling about {@code total} seconds, longer notes at random. */
    static List<Double> rhythm(int notes, double total, Random rnd) {
        int slots = (int) Math.floor(total / 0.25);
        int[] len = new int[notes];
        java.util.Arrays.fill(len, 1);
        for (int extra = slots - notes; extra > 0; extra--) len[rnd.nextInt(notes)]++;
        List<Double> out = new ArrayList<>();
        for (int l : len) out.add(l * 0.25);
        return out;
    }

    /** One sung note: consonant burst, then a vibrato sawtooth through three formant resonators. */
    static void sing(float[] bus, int midi, double start, double len, double[] formants, Random rnd) {
        int s0 = (int) (start * Synth.SR), n = (int) ((len + 0.08) * Synth.SR);
        double f0 = Synth.freq(midi), phase = 0;
        double[][] state = new double[formants.length][2];
        double[][] coef = new double[formants.length][];
        for (int k = 0; k < formants.length; k++) coef[k] = resonator(formants[k], 80 + formants[k] * 0.06);
        for (int i = 0; i < n && s0 + i < bus.length; i++) {
            double t = (double) i / Synth.SR;
            double vib = 1 + 0.012 * Math.sin(2 * Math.PI * 5.5 * t) * Math.min(1, t / 0.3);
            double f = f0 * vib;
            phase = (phase + f / Synth.SR) % 1;
            double src = Synth.saw(phase, f / Synth.SR);
            double env = Math.min(1, t / 0.025) * (t > len ? Math.max(0, 1 - (t - len) / 0.08) : 1) * (1 - 0.25 * t / (len + 0.08));
            double y = 0;
            for (int k = 0; k < formants.length; k++) {
                double[] a = coef[k], s = state[k];
                double out = a[0] * src - a[1] * s[0] - a[2] * s[1];
                s[1] = s[0];
                s[0] = out;
                y += out / (k + 1);
            }
            double breath = t < 0.02 ? (rnd.nextDouble() - 0.5) * 0.6 * (1 - t / 0.02) : 0;
            bus[s0 + i] += (float) (0.3 * env * y + breath);
        }
    }

    /** Two-pole resonator {gain, a1, a2} at {@code hz} with bandwidth {@code bw}. */
    static double[] resonator(double hz, double bw) {
        double r = Math.exp(-Math.PI * bw / Synth.SR), w = 2 * Math.PI * hz / Synth.SR;
        return new double[] {1 - r, -2 * r * Math.cos(w), r * r};
    }
}
