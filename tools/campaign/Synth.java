import java.util.Random;

/** Small synthesis voices writing into mono float buses at 44.1 kHz. */
final class Synth {
    static final int SR = 44100;
    private final Random rnd = new Random(7);

    static double freq(int midi) {
        return 440 * Math.pow(2, (midi - 69) / 12.0);
    }

    /** Band-limited (PolyBLEP) sawtooth sample for phase t in [0,1) and increment dt. */
    static double saw(double t, double dt) {
        double v = 2 * t - 1;
        if (t < dt) { double x = t / dt; v -= x + x - x * x - 1; }
        else if (t > 1 - dt) { double x = (t - 1) / dt; v -= x * x + x + x + 1; }
        return v;
    }

    /** Two detuned saws through a two-pole low-pass with attack/release envelope. */
    void pad(float[] bus, int midi, double start, double len, double cutoff, double gain, double detuneCents) {
        double f = freq(midi) * Math.pow(2, detuneCents / 1200), f2 = f * Math.pow(2, 9 / 1200.0);
        double p1 = rnd.nextDouble(), p2 = rnd.nextDouble(), lp1 = 0, lp2 = 0;
        double a = 1 - Math.exp(-2 * Math.PI * cutoff / SR), rel = 0.5;
        int s0 = (int) (start * SR), n = (int) ((len + rel) * SR);
        for (int i = 0; i < n && s0 + i < bus.length; i++) {
            double t = (double) i / SR;
            double env = Math.min(1, t / 0.25) * (t > len ? Math.exp(-(t - len) / (rel / 4)) : 1);
            double x = saw(p1, f / SR) + saw(p2, f2 / SR);
            p1 = (p1 + f / SR) % 1;
            p2 = (p2 + f2 / SR) % 1;
            lp1 += a * (x - lp1);
            lp2 += a * (lp1 - lp2);
            bus[s0 + i] += (float) (gain * env * lp2);
        }
    }

    /** Plucked saw/sine note with fast decay (bass and arpeggio). */
    void pluck(float[] bus, int midi, double start, double len, double decay, double cutoff, double gain) {
        double f = freq(midi), p = 0, lp = 0, a = 1 - Math.exp(-2 * Math.PI * cutoff / SR);
        int s0 = (int) (start * SR), n = (int) ((len + 0.03) * SR);
        for (int i = 0; i < n && s0 + i < bus.length; i++) {
            double t = (double) i / SR;
            double env = Math.min(1, t / 0.004) * Math.exp(-t / decay) * (t > len ? Math.max(0, 1 - (t - len) / 0.03) : 1);
            double x = 0.6 * saw(p, f / SR) + 0.8 * Math.sin(2 * Math.PI * p);
            p = (p + f / SR) % 1;
            lp += a * (x - lp);
            bus[s0 + i] += (float) (gain * env * lp);
        }
    }

    void kick(float[] bus, double start, double gain) {
        int s0 = (int) (start * SR);
        double ph = 0;
        for (int i = 0; i < 0.5 * SR && s0 + i < bus.length; i++) {
            double t = (double) i / SR, f = 48 + 110 * Math.exp(-t / 0.035);
            ph += 2 * Math.PI * f / SR;
            double click = t < 0.004 ? (rnd.nextDouble() - 0.5) * (1 - t / 0.004) * 0.6 : 0;
            bus[s0 + i] += (float) (gain * (Math.sin(ph) * Math.exp(-t / 0.28) + click));
        }
    }

    /** Noise burst, high-passed by subtracting a one-pole low-pass, with an optional tone. */
    void noise(float[] bus, double start, double decay, double hpHz, double toneHz, double toneMix, double gain) {
        int s0 = (int) (start * SR), n = (int) (decay * 7 * SR);
        double lp = 0, a = 1 - Math.exp(-2 * Math.PI * hpHz / SR);
        for (int i = 0; i < n && s0 + i < bus.length; i++) {
            double t = (double) i / SR, x = rnd.nextDouble() * 2 - 1;
            lp += a * (x - lp);
            double tone = toneMix * Math.sin(2 * Math.PI * toneHz * t) * Math.exp(-t / Math.min(decay, 0.09));
            bus[s0 + i] += (float) (gain * Math.min(1, t / 0.0008) * ((x - lp) * Math.exp(-t / decay) + tone));
        }
    }

    void snare(float[] bus, double start, double gain) { noise(bus, start, 0.11, 900, 190, 0.7, gain); }

    void hat(float[] bus, double start, boolean open, double gain) { noise(bus, start, open ? 0.18 : 0.035, 7000, 0, 0, gain); }

    void crash(float[] bus, double start, double gain) { noise(bus, start, 1.1, 4500, 0, 0, gain); }

    void stick(float[] bus, double start, boolean accent, double gain) {
        noise(bus, start, 0.018, 1500, accent ? 2600 : 2000, 1.2, gain);
    }
}
