import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * A procedural concert photograph in linear float RGB: background glow, haze, light beams, lens flares,
 * bokeh and a back-lit crowd. Values above 1 are allowed; MakeArt tone-maps them.
 */
final class StageScene {
    final int w, h;
    final float[] r, g, b, haze;
    final double s;
    final Random rnd;

    StageScene(int w, int h, long seed) {
        this.w = w;
        this.h = h;
        r = new float[w * h];
        g = new float[w * h];
        b = new float[w * h];
        haze = new float[w * h];
        s = Math.sqrt(w * h) / 1400.0;
        rnd = new Random(seed);
        double ox = rnd.nextDouble() * 1000, oy = rnd.nextDouble() * 1000;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                haze[y * w + x] = (float) fbm(ox + x / (420 * s), oy + y / (190 * s));
            }
        }
    }

    void add(int i, double[] c, double k) {
        r[i] += (float) (c[0] * k);
        g[i] += (float) (c[1] * k);
        b[i] += (float) (c[2] * k);
    }

    /** Dark vertical gradient plus a wide glow behind the stage at (sx, sy), lit through the haze. */
    void backdrop(double[] top, double[] glow, double sx, double sy) {
        double rx = 0.75 * Math.max(w, h * 0.6), ry = 0.45 * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double t = (double) y / h;
                add(i, top, 1 - 0.6 * t);
                double dx = (x - sx) / rx, dy = (y - sy) / ry;
                double d2 = dx * dx + dy * dy;
                add(i, glow, 0.55 * Math.exp(-d2 * 2.2) * (0.55 + 0.9 * haze[i]));
            }
        }
    }

    /** A volumetric light beam from (ox, oy) toward angleDeg (0 = right, 90 = down). */
    void beam(double ox, double oy, double angleDeg, double widthDeg, double[] c, double strength) {
        double a0 = Math.toRadians(angleDeg), wd = Math.toRadians(widthDeg), len = 0.9 * Math.hypot(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double vx = x - ox, vy = y - oy;
                double da = Math.atan2(vy, vx) - a0;
                if (da > Math.PI) da -= 2 * Math.PI;
                if (da < -Math.PI) da += 2 * Math.PI;
                double q = da / wd;
                if (q * q > 30) continue;
                int i = y * w + x;
                double dist = Math.hypot(vx, vy);
                double core = Math.exp(-q * q) + 0.25 * Math.exp(-q * q / 9);
                double fall = Math.exp(-dist / len * 2.2) * Math.min(1, dist / (40 * s));
                add(i, c, strength * core * fall * (0.25 + 1.1 * haze[i]));
            }
        }
    }

    /** A bright fixture with a soft halo and a horizontal anamorphic streak. */
    void flare(double cx, double cy, double radius, double[] c, double strength) {
        double rr = radius * s, streak = 14 * rr;
        int x0 = (int) Math.max(0, cx - streak), x1 = (int) Math.min(w - 1, cx + streak);
        int y0 = (int) Math.max(0, cy - 8 * rr), y1 = (int) Math.min(h - 1, cy + 8 * rr);
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = (x - cx) / rr, dy = (y - cy) / rr;
                double d2 = dx * dx + dy * dy;
                double k = 3 * Math.exp(-d2) + 0.35 * Math.exp(-d2 / 12)
                    + 0.25 * Math.exp(-dy * dy * 4) * Math.exp(-Math.abs(dx) / 5);
                add(y * w + x, c, strength * k);
            }
        }
    }

    /** Out-of-focus lights: soft discs with a slightly brighter rim, inside the region (fractions). */
    void bokeh(int count, double[][] palette, double fx0, double fy0, double fx1, double fy1) {
        for (int n = 0; n < count; n++) {
            double rad = (8 + 52 * Math.pow(rnd.nextDouble(), 2)) * s;
            double cx = w * (fx0 + (fx1 - fx0) * rnd.nextDouble()), cy = h * (fy0 + (fy1 - fy0) * rnd.nextDouble());
            double[] c = palette[rnd.nextInt(palette.length)];
            double k = 0.05 + 0.2 * rnd.nextDouble() * (30 * s / rad);
            for (int y = (int) Math.max(0, cy - rad - 2); y <= Math.min(h - 1, cy + rad + 2); y++) {
                for (int x = (int) Math.max(0, cx - rad - 2); x <= Math.min(w - 1, cx + rad + 2); x++) {
                    double d = Math.hypot(x - cx, y - cy) / rad;
                    double edge = Math.max(0, Math.min(1, (1 - d) * rad / 1.6));
                    add(y * w + x, c, k * edge * (0.75 + 0.5 * Math.pow(d, 4)));
                }
            }
        }
    }

    /** A back-lit crowd from horizon (fraction of height) to the bottom, with raised arms and phone lights. */
    void crowd(double horizon, double[] rim, double[] phone) {
        BufferedImage m = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D gg = m.createGraphics();
        gg.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        java.util.List<double[]> phones = new java.util.ArrayList<>();
        double lift = Math.max(1.5, 2.2 * s), y = horizon * h;
        for (int row = 0; y < h + 40 * s; row++) {
            double hr0 = (9 + row * 4.5) * s, depth = Math.min(1, (y - horizon * h) / ((1 - horizon) * h));
            Color rimInk = new Color((int) (255 * (0.04 + 0.9 * Math.pow(1 - depth, 3) * (0.6 + 0.4 * rnd.nextDouble()))), 0, 0);
            Color body = new Color(0, 0, 0);
            for (double x = -rnd.nextDouble() * 2 * hr0; x < w + 2 * hr0; x += hr0 * (2.1 + rnd.nextDouble() * 0.8)) {
                double hr = hr0 * (0.85 + 0.3 * rnd.nextDouble()), hy = y + (rnd.nextDouble() - 0.5) * hr;
                java.awt.geom.Area person = new java.awt.geom.Area(new Ellipse2D.Double(x - hr, hy - 1.2 * hr, 2 * hr, 2.4 * hr));
                person.add(new java.awt.geom.Area(new RoundRectangle2D.Double(x - 1.8 * hr, hy + 0.9 * hr, 3.6 * hr, 5 * hr, 1.6 * hr, 1.6 * hr)));
                if (rnd.nextDouble() < 0.16) {
                    double ang = (rnd.nextDouble() - 0.5) * 0.7, len = 3.6 * hr;
                    java.awt.geom.AffineTransform at = java.awt.geom.AffineTransform.getTranslateInstance(
                        x + (rnd.nextBoolean() ? 1.2 : -1.2) * hr, hy + 1.4 * hr);
                    at.rotate(ang);
                    java.awt.geom.Area arm = new java.awt.geom.Area(new BasicStroke((float) (0.55 * hr), BasicStroke.CAP_ROUND,
                        BasicStroke.JOIN_ROUND).createStrokedShape(new java.awt.geom.Line2D.Double(0, 0, 0, -len)));
                    arm.add(new java.awt.geom.Area(new Ellipse2D.Double(-0.38 * hr, -len - 0.5 * hr, 0.76 * hr, 0.9 * hr)));
                    person.add(arm.createTransformedArea(at));
                    if (depth < 0.3 && rnd.nextDouble() < 0.4) {
                        java.awt.geom.Point2D p = at.transform(new java.awt.geom.Point2D.Double(0, -len - 0.6 * hr), null);
                        phones.add(new double[] {p.getX(), p.getY(), hr});
                    }
                }
                gg.setColor(rimInk);
                gg.fill(person.createTransformedArea(java.awt.geom.AffineTransform.getTranslateInstance(0, -lift)));
                gg.setColor(body);
                gg.fill(person);
            }
            y += hr0 * 1.35;
        }
        gg.fill(new Rectangle2D.Double(0, y, w, h));
        gg.dispose();
        int[] px = ((java.awt.image.DataBufferInt) m.getRaster().getDataBuffer()).getData();
        for (int yy = 0; yy < h; yy++) {
            double depth = Math.max(0, Math.min(1, (yy - horizon * h) / ((1 - horizon) * h)));
            double keep = 0.05 * (1 - depth) + 0.012;
            for (int x = 0; x < w; x++) {
                int i = yy * w + x;
                double k = (px[i] >>> 24) / 255.0;
                if (k == 0) continue;
                double lit = ((px[i] >> 16) & 255) / 255.0;
                double mul = 1 - k + k * keep;
                r[i] *= (float) mul;
                g[i] *= (float) mul;
                b[i] *= (float) mul;
                add(i, rim, k * (lit * 0.5 + 0.05 * haze[i] * (1 - depth)));
            }
        }
        for (double[] p : phones) flare(p[0], p[1], Math.max(1.2, p[2] * 0.16) / s, phone, 0.35);
    }

    static double fbm(double x, double y) {
        double sum = 0, amp = 0.5;
        for (int o = 0; o < 5; o++) {
            sum += amp * noise(x, y);
            x = x * 2.03 + 17.1;
            y = y * 2.01 + 31.7;
            amp *= 0.5;
        }
        return Math.max(0, Math.min(1, sum * 1.1));
    }

    static double noise(double x, double y) {
        int xi = (int) Math.floor(x), yi = (int) Math.floor(y);
        double fx = x - xi, fy = y - yi;
        double u = fx * fx * (3 - 2 * fx), v = fy * fy * (3 - 2 * fy);
        double a = hash(xi, yi), b = hash(xi + 1, yi), c = hash(xi, yi + 1), d = hash(xi + 1, yi + 1);
        return a + (b - a) * u + (c - a) * v + (a - b - c + d) * u * v;
    }

    static double hash(int x, int y) {
        int n = x * 374761393 + y * 668265263;
        n = (n ^ (n >>> 13)) * 1274126177;
        return ((n ^ (n >>> 16)) & 0xffffff) / (double) 0xffffff;
    }
}
