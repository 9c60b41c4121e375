import java.awt.Color;
import java.awt.image.BufferedImage;

/** Colour and pixel helpers shared by the image generators. */
final class Tone {
    private Tone() { }

    static Color mix(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
            (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
            (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    static Color alpha(Color c, int a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), a);
    }

    /** Relative luminance 0..1 (sRGB weights, no linearisation: good enough to pick a contrasting ink). */
    static double luma(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255.0;
    }

    /** 2:1 reduction with premultiplied alpha, so edges keep their colour. */
    static BufferedImage halve(BufferedImage src) {
        int w = src.getWidth() / 2, h = src.getHeight() / 2;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double a = 0, r = 0, g = 0, b = 0;
                for (int k = 0; k < 4; k++) {
                    int p = src.getRGB(2 * x + (k & 1), 2 * y + (k >> 1));
                    double pa = (p >>> 24) / 255.0;
                    a += pa;
                    r += ((p >> 16) & 255) * pa;
                    g += ((p >> 8) & 255) * pa;
                    b += (p & 255) * pa;
                }
                if (a == 0) continue;
                int ia = (int) Math.round(a / 4 * 255);
                out.setRGB(x, y, (ia << 24) | ((int) Math.round(r / a) << 16) | ((int) Math.round(g / a) << 8)
                    | (int) Math.round(b / a));
            }
        }
        return out;
    }

    /** Three box-blur passes of the alpha channel (colour is kept), approximating a Gaussian. */
    static void blurAlpha(BufferedImage img, int radius) {
        int w = img.getWidth(), h = img.getHeight();
        float[] a = new float[w * h];
        for (int i = 0; i < a.length; i++) a[i] = img.getRGB(i % w, i / w) >>> 24;
        for (int pass = 0; pass < 3; pass++) {
            a = box(a, w, h, radius, true);
            a = box(a, w, h, radius, false);
        }
        for (int i = 0; i < a.length; i++) {
            int rgb = img.getRGB(i % w, i / w) & 0xffffff;
            img.setRGB(i % w, i / w, (Math.min(255, Math.round(a[i])) << 24) | rgb);
        }
    }

    /** One box-blur pass over a w x h float plane, horizontal or vertical, edges clamped. */
    static float[] box(float[] in, int w, int h, int r, boolean horizontal) {
        float[] out = new float[in.length];
        int n = horizontal ? w : h, lines = horizontal ? h : w;
        for (int line = 0; line < lines; line++) {
            double sum = 0;
            for (int k = -r; k <= r; k++) sum += in[at(line, Math.max(0, Math.min(n - 1, k)), w, horizontal)];
            for (int i = 0; i < n; i++) {
                out[at(line, i, w, horizontal)] = (float) (sum / (2 * r + 1));
                sum += in[at(line, Math.min(n - 1, i + r + 1), w, horizontal)];
                sum -= in[at(line, Math.max(0, i - r), w, horizontal)];
            }
        }
        return out;
    }

    private static int at(int line, int i, int w, boolean horizontal) {
        return horizontal ? line * w + i : i * w + line;
    }
}
