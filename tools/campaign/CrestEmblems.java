import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.Shape;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;

/** The crest emblems, drawn in emblem coordinates (about -100..100 around the field centre). */
final class CrestEmblems {
    private CrestEmblems() { }

    static void draw(Graphics2D g, String emblem, Color primary, Color ink) {
        Color deep = Tone.mix(primary, Color.BLACK, 0.55);
        switch (emblem) {
            case "star" -> fill(g, ink, star(0, 0, 88, 36, 5, -90));
            case "bolt" -> fill(g, ink, MakeCrests.poly(15, -100, -48, 8, -6, 8, -28, 104, 52, -16, 10, -16, 38, -100));
            case "comet" -> comet(g, ink);
            case "storm" -> storm(g, ink);
            case "waves" -> {
                fill(g, ink, new Ellipse2D.Double(30, -95, 44, 44));
                for (int k = 0; k < 3; k++) wave(g, ink, -20 + 40 * k, 14, 18);
            }
            case "peaks" -> peaks(g, ink, primary);
            case "volcano" -> volcano(g, ink, deep);
            case "eclipse" -> eclipse(g, ink, deep);
            case "rainbow" -> rainbow(g);
            case "meteor" -> meteor(g, ink);
            case "snowflake" -> snowflake(g, ink);
            case "nebula" -> nebula(g, ink);
            case "wings" -> wings(g, ink);
            case "heron" -> heron(g, ink);
            case "swifts" -> {
                fill(g, ink, bird(-40, -30, 55));
                fill(g, ink, bird(45, -55, 38));
                fill(g, ink, bird(20, 45, 46));
            }
            case "kingfisher" -> {
                fill(g, ink, bird(0, -25, 85));
                wave(g, ink, 70, 12, 14);
            }
            case "albatross" -> {
                fill(g, Tone.alpha(ink, 200), new Arc2D.Double(-60, 20, 120, 120, 0, 180, Arc2D.CHORD));
                fill(g, ink, bird(0, -35, 98));
            }
            case "owl" -> owl(g, ink, deep);
            case "crane" -> {
                fill(g, ink, bird(0, -20, 100));
                for (int k = 0; k < 2; k++) fill(g, ink, new Rectangle2D.Double(-70 + 25 * k, 45 + 24 * k, 140 - 50 * k, 11));
            }
            case "raven" -> {
                Area moon = new Area(new Ellipse2D.Double(-80, -90, 150, 150));
                moon.subtract(new Area(new Ellipse2D.Double(-40, -110, 150, 150)));
                fill(g, ink, moon);
                fill(g, Tone.mix(primary, Color.BLACK, 0.2), bird(25, 30, 78));
                g.setColor(Tone.alpha(ink, 160));
                g.setStroke(new BasicStroke(3f));
                g.draw(bird(25, 30, 78));
            }
            case "stars" -> {
                for (int k = -1; k <= 1; k++) fill(g, ink, star(62 * k, 62 * k, 40, 16, 5, -90));
            }
            case "gem" -> gem(g, ink, primary);
            case "bi" -> bi(g, ink, primary);
            case "tower" -> tower(g, ink, deep);
            case "sunrise" -> sunrise(g, ink);
            case "aurora" -> aurora(g, ink);
            default -> throw new IllegalArgumentException("unknown emblem " + emblem);
        }
    }

    static void fill(Graphics2D g, Color c, Shape s) {
        g.setColor(new Color(0, 0, 0, 60));
        g.translate(0, 4);
        g.fill(s);
        g.translate(0, -4);
        g.setColor(c);
        g.fill(s);
    }

    static Path2D.Double star(double cx, double cy, double r1, double r2, int points, double startDeg) {
        Path2D.Double p = new Path2D.Double();
        for (int k = 0; k < points * 2; k++) {
            double a = Math.toRadians(startDeg + k * 180.0 / points), r = k % 2 == 0 ? r1 : r2;
            if (k == 0) p.moveTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
            else p.lineTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
        }
        p.closePath();
        return p;
    }

    /** A gliding bird seen from the front: two curved wings meeting at the body, span 2w. */
    static Path2D.Double bird(double cx, double cy, double w) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(cx - w, cy - 0.12 * w);
        p.quadTo(cx - 0.45 * w, cy - 0.6 * w, cx, cy + 0.08 * w);
        p.quadTo(cx + 0.45 * w, cy - 0.6 * w, cx + w, cy - 0.12 * w);
        p.quadTo(cx + 0.45 * w, cy - 0.32 * w, cx, cy + 0.34 * w);
        p.quadTo(cx - 0.45 * w, cy - 0.32 * w, cx - w, cy - 0.12 * w);
        p.closePath();
        return p;
    }

    static void wave(Graphics2D g, Color c, double y, double amp, float width) {
        Path2D.Double p = new Path2D.Double();
        for (int x = -140; x <= 140; x += 4) {
            double yy = y + amp * Math.sin(x / 60.0 * Math.PI);
            if (x == -140) p.moveTo(x, yy); else p.lineTo(x, yy);
        }
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(new Color(0, 0, 0, 60));
        g.translate(0, 4);
        g.draw(p);
        g.translate(0, -4);
        g.setColor(c);
        g.draw(p);
    }

    static void comet(Graphics2D g, Color ink) {
        g.setPaint(new GradientPaint(-95, 95, Tone.alpha(ink, 0), 30, -30, ink));
        g.fill(MakeCrests.poly(-100, 100, 62, -18, 18, -62));
        fill(g, ink, new Ellipse2D.Double(10, -70, 60, 60));
        fill(g, ink, star(-55, -55, 16, 6, 4, -90));
        fill(g, ink, star(60, 55, 12, 5, 4, -90));
    }

    static void storm(Graphics2D g, Color ink) {
        Area cloud = new Area(new Ellipse2D.Double(-85, -50, 80, 80));
        cloud.add(new Area(new Ellipse2D.Double(-40, -85, 100, 100)));
        cloud.add(new Area(new Ellipse2D.Double(20, -45, 72, 72)));
        cloud.add(new Area(new RoundRectangle2D.Double(-85, -10, 177, 40, 40, 40)));
        fill(g, ink, cloud);
        g.setStroke(new BasicStroke(11f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(ink);
        for (int k = 0; k < 5; k++) {
            double x = -60 + 32 * k, y = 50 + (k % 2) * 14;
            g.draw(new java.awt.geom.Line2D.Double(x, y, x - 14, y + 34));
        }
    }

    static void peaks(Graphics2D g, Color ink, Color primary) {
        fill(g, ink, MakeCrests.poly(-105, 80, -45, -30, -15, 10, 30, -85, 105, 80));
        g.setColor(Tone.alpha(Tone.mix(primary, Color.WHITE, 0.35), 200));
        g.fill(MakeCrests.poly(30, -85, 105, 80, 40, 80, 18, 10));
        g.fill(MakeCrests.poly(-45, -30, -15, 10, -30, 80, -60, 80));
        g.setColor(Tone.alpha(ink, 140));
        g.setStroke(new BasicStroke(8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new java.awt.geom.Line2D.Double(-120, 98, 120, 98));
    }

    static void volcano(Graphics2D g, Color ink, Color deep) {
        fill(g, deep, MakeCrests.poly(-110, 90, -32, -20, 32, -20, 110, 90));
        fill(g, ink, MakeCrests.poly(-32, -20, 32, -20, 20, 10, 8, 0, -4, 40, -16, 5));
        fill(g, ink, new Ellipse2D.Double(-14, -72, 28, 28));
        fill(g, ink, new Ellipse2D.Double(-58, -96, 22, 22));
        fill(g, ink, new Ellipse2D.Double(36, -96, 22, 22));
        fill(g, ink, new Ellipse2D.Double(-8, -112, 16, 16));
    }

    static void eclipse(Graphics2D g, Color ink, Color deep) {
        g.setPaint(new RadialGradientPaint(0f, 0f, 110f, new float[] {0.5f, 0.62f, 1f},
            new Color[] {ink, Tone.alpha(ink, 190), Tone.alpha(ink, 0)}));
        g.fill(new Ellipse2D.Double(-110, -110, 220, 220));
        fill(g, ink, star(0, 0, 108, 66, 12, -90));
        g.setColor(deep);
        g.fill(new Ellipse2D.Double(-58, -62, 124, 124));
    }

    static void rainbow(Graphics2D g) {
        int[] colors = {0xef4444, 0xf97316, 0xfacc15, 0x22c55e, 0x38bdf8};
        g.setStroke(new BasicStroke(17f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        for (int k = 0; k < colors.length; k++) {
            double r = 100 - 18 * k;
            g.setColor(new Color(colors[k]));
            g.draw(new Arc2D.Double(-r, 40 - r, 2 * r, 2 * r, 0, 180, Arc2D.OPEN));
        }
        fill(g, Color.WHITE, cloud(-100, 45));
        fill(g, Color.WHITE, cloud(100, 45));
    }

    static Area cloud(double cx, double cy) {
        Area a = new Area(new Ellipse2D.Double(cx - 34, cy - 16, 36, 36));
        a.add(new Area(new Ellipse2D.Double(cx - 16, cy - 30, 42, 42)));
        a.add(new Area(new Ellipse2D.Double(cx + 6, cy - 14, 32, 32)));
        return a;
    }

    static void meteor(Graphics2D g, Color ink) {
        for (int k = 0; k < 3; k++) {
            double off = (k - 1) * 30;
            g.setPaint(new GradientPaint((float) (-90 + off), 90, Tone.alpha(ink, 0), (float) (20 + off / 3), -20, ink));
            g.setStroke(new BasicStroke(k == 1 ? 16f : 9f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new java.awt.geom.Line2D.Double(-90 + off, 90 + off / 2, 30 + off / 3, -30 + off / 3));
        }
        fill(g, ink, star(38, -38, 58, 18, 4, -90));
    }

    static void snowflake(Graphics2D g, Color ink) {
        g.setColor(ink);
        g.setStroke(new BasicStroke(13f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int k = 0; k < 6; k++) {
            Graphics2D h = (Graphics2D) g.create();
            h.rotate(Math.toRadians(60 * k));
            h.draw(new java.awt.geom.Line2D.Double(0, 0, 0, -98));
            h.draw(new java.awt.geom.Line2D.Double(0, -55, -26, -78));
            h.draw(new java.awt.geom.Line2D.Double(0, -55, 26, -78));
            h.draw(new java.awt.geom.Line2D.Double(0, -28, -18, -44));
            h.draw(new java.awt.geom.Line2D.Double(0, -28, 18, -44));
            h.dispose();
        }
    }

    static void nebula(Graphics2D g, Color ink) {
        g.setColor(Tone.alpha(ink, 150));
        g.setStroke(new BasicStroke(7f));
        Graphics2D h = (Graphics2D) g.create();
        h.rotate(Math.toRadians(-24));
        h.draw(new Ellipse2D.Double(-105, -36, 210, 72));
        h.dispose();
        fill(g, ink, star(0, 0, 62, 14, 4, -90));
        fill(g, ink, star(-62, -62, 16, 7, 5, -90));
        fill(g, ink, star(68, 50, 20, 8, 5, -90));
        fill(g, ink, star(58, -70, 10, 4, 5, -90));
        fill(g, ink, star(-70, 62, 11, 4, 5, -90));
    }

    static void wings(Graphics2D g, Color ink) {
        for (int side = -1; side <= 1; side += 2) {
            for (int k = 0; k < 5; k++) {
                Graphics2D h = (Graphics2D) g.create();
                double len = 112 - 12 * k;
                h.translate(side * 16, -8 + 6 * k);
                h.rotate(-side * Math.toRadians(42 - 13 * k));
                fill(h, ink, new RoundRectangle2D.Double(side < 0 ? -len : 0, -10, len, 20, 20, 20));
                h.dispose();
            }
        }
        fill(g, ink, new Ellipse2D.Double(-22, -40, 44, 96));
        fill(g, ink, new Ellipse2D.Double(-17, -66, 34, 34));
        fill(g, ink, MakeCrests.poly(-24, 48, 24, 48, 32, 92, 0, 80, -32, 92));
        g.setColor(Tone.mix(ink, Color.BLACK, 0.5));
        g.fill(MakeCrests.poly(-6, -52, 6, -52, 0, -38));
    }

    static void heron(Graphics2D g, Color ink) {
        g.setColor(ink);
        g.setStroke(new BasicStroke(7f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new java.awt.geom.Line2D.Double(-6, 40, -14, 105));
        g.draw(new java.awt.geom.Line2D.Double(10, 40, 12, 105));
        Path2D.Double neck = new Path2D.Double();
        neck.moveTo(-8, 12);
        neck.curveTo(-62, -20, -10, -50, -30, -85);
        g.setStroke(new BasicStroke(13f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(neck);
        fill(g, ink, new Ellipse2D.Double(-42, -100, 26, 22));
        fill(g, ink, MakeCrests.poly(-20, -92, 40, -84, -20, -82));
        Graphics2D h = (Graphics2D) g.create();
        h.rotate(Math.toRadians(-28));
        fill(h, ink, new Ellipse2D.Double(-45, 0, 105, 50));
        h.dispose();
        fill(g, ink, MakeCrests.poly(40, 0, 90, 44, 30, 30));
    }

    static void owl(Graphics2D g, Color ink, Color deep) {
        Area body = new Area(new Ellipse2D.Double(-78, -70, 156, 175));
        body.add(new Area(MakeCrests.poly(-74, -30, -70, -100, -30, -62)));
        body.add(new Area(MakeCrests.poly(74, -30, 70, -100, 30, -62)));
        fill(g, ink, body);
        for (int side = -1; side <= 1; side += 2) {
            g.setColor(Color.WHITE);
            g.fill(new Ellipse2D.Double(side * 34 - 28, -42, 56, 56));
            g.setColor(deep);
            g.fill(new Ellipse2D.Double(side * 34 - 15, -28, 30, 30));
        }
        g.setColor(Tone.mix(ink, Color.BLACK, 0.45));
        g.fill(MakeCrests.poly(-10, 18, 10, 18, 0, 40));
        g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int k = 0; k < 3; k++) g.draw(new Arc2D.Double(-36 + 24 * k, 56, 24, 16, 180, 180, Arc2D.OPEN));
    }

    static void gem(Graphics2D g, Color ink, Color primary) {
        Path2D.Double outline = MakeCrests.poly(-80, -40, -45, -85, 45, -85, 80, -40, 0, 95);
        fill(g, ink, outline);
        g.setColor(Tone.alpha(Tone.mix(primary, Color.WHITE, 0.35), 230));
        g.fill(MakeCrests.poly(-45, -85, -20, -40, -80, -40));
        g.fill(MakeCrests.poly(20, -40, 45, -85, 80, -40, 0, 95));
        g.setColor(Tone.alpha(primary, 200));
        g.fill(MakeCrests.poly(-20, -40, 20, -40, 0, 95));
        g.setColor(Tone.alpha(Color.WHITE, 120));
        g.setStroke(new BasicStroke(3f));
        g.draw(outline);
        g.draw(new java.awt.geom.Line2D.Double(-80, -40, 80, -40));
    }

    static void bi(Graphics2D g, Color ink, Color primary) {
        Area ring = new Area(new Ellipse2D.Double(-92, -92, 184, 184));
        ring.subtract(new Area(new Ellipse2D.Double(-34, -34, 68, 68)));
        fill(g, ink, ring);
        g.setColor(Tone.alpha(primary, 210));
        for (int k = 0; k < 12; k++) {
            double a = Math.toRadians(30 * k);
            g.fill(new Ellipse2D.Double(63 * Math.cos(a) - 8, 63 * Math.sin(a) - 8, 16, 16));
        }
    }

    static void tower(Graphics2D g, Color ink, Color deep) {
        Area t = new Area(new Rectangle2D.Double(-48, -50, 96, 150));
        for (int k = 0; k < 3; k++) t.add(new Area(new Rectangle2D.Double(-48 + 37 * k, -80, 22, 32)));
        t.add(new Area(new Rectangle2D.Double(-100, 20, 204, 80)));
        for (int k = 0; k < 2; k++) {
            t.add(new Area(new Rectangle2D.Double(-100 + 20 * k * 1.0, 0, 16, 22)));
            t.add(new Area(new Rectangle2D.Double(68 + 20 * k * 1.0 - 4, 0, 16, 22)));
        }
        fill(g, ink, t);
        g.setColor(deep);
        Area door = new Area(new Rectangle2D.Double(-20, 55, 40, 45));
        door.add(new Area(new Ellipse2D.Double(-20, 35, 40, 40)));
        g.fill(door);
        g.fill(new RoundRectangle2D.Double(-8, -30, 16, 34, 16, 16));
    }

    static void sunrise(Graphics2D g, Color ink) {
        for (int k = 0; k < 9; k++) {
            Graphics2D h = (Graphics2D) g.create();
            h.translate(0, 30);
            h.rotate(Math.toRadians(-90 + (k - 4) * 20));
            fill(h, ink, MakeCrests.poly(74, -8, 112, 0, 74, 8));
            h.dispose();
        }
        fill(g, ink, new Arc2D.Double(-62, -32, 124, 124, 0, 180, Arc2D.CHORD));
        wave(g, ink, 52, 8, 12);
        wave(g, ink, 82, 8, 12);
    }

    static void aurora(Graphics2D g, Color ink) {
        for (int k = 0; k < 3; k++) {
            Path2D.Double band = new Path2D.Double();
            double y0 = -70 + 42 * k;
            band.moveTo(-130, y0 + 20);
            band.curveTo(-60, y0 - 40, 10, y0 + 50, 130, y0 - 20);
            band.lineTo(130, y0 + 30);
            band.curveTo(10, y0 + 100, -60, y0 + 10, -130, y0 + 70);
            band.closePath();
            g.setPaint(new GradientPaint(0, (float) y0 - 30, Tone.alpha(ink, 235), 0, (float) y0 + 80, Tone.alpha(ink, 0)));
            g.fill(band);
        }
        fill(g, Color.WHITE, star(-50, -80, 12, 5, 4, -90));
        fill(g, Color.WHITE, star(60, -90, 9, 4, 4, -90));
        fill(g, Color.WHITE, star(20, -60, 6, 3, 4, -90));
    }
}
