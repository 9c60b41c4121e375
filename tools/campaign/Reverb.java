/** A plain Schroeder reverb (four damped combs into two all-passes per channel, right channel detuned). */
final class Reverb {
    private Reverb() { }

    static float[][] stereo(float[] in) {
        return new float[][] {channel(in, 0), channel(in, 23)};
    }

    static float[] channel(float[] in, int spread) {
        int[] combs = {1557, 1617, 1491, 1422};
        float[] out = new float[in.length];
        for (int len : combs) {
            float[] buf = new float[len + spread];
            int pos = 0;
            double store = 0;
            for (int i = 0; i < in.length; i++) {
                double y = buf[pos];
                store = y * 0.8 + store * 0.2;
                buf[pos] = (float) (in[i] * 0.25 + store * 0.84);
                out[i] += (float) y;
                pos = (pos + 1) % buf.length;
            }
        }
        for (int len : new int[] {556, 225}) {
            float[] buf = new float[len + spread];
            int pos = 0;
            for (int i = 0; i < out.length; i++) {
                double b = buf[pos], x = out[i];
                out[i] = (float) (b - x);
                buf[pos] = (float) (x + b * 0.5);
                pos = (pos + 1) % buf.length;
            }
        }
        return out;
    }
}
