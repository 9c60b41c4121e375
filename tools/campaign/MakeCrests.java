import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws one 256x256 transparent crest per team of conf/campaign.json, in the team colours.
 * Drawn at 512x512 and reduced 2:1 for smooth edges. Shape, field and emblem per team come from DESIGNS.
 */
public final class MakeCrests {
    enum Form { HEATER, SPANISH, ROUNDEL, HEXAGON }
    enum Field { PLAIN, BEND, PALY, CHEVRON, BASE }

    record Design(Form form, Field field, String emblem) { }

    static final Map<String, Design> DESIGNS = Map.ofEntries(
        Map.entry("aurora", new Design(Form.ROUNDEL, Field.PLAIN, "aurora")),
        Map.entry("lightning", new Design(Form.HEATER, Field.BEND, "bolt")),
        Map.entry("comet", new Design(Form.ROUNDEL, Field.PLAIN, "comet")),
        Map.entry("storm", new Design(Form.HEXAGON, Field.PLAIN, "storm")),
        Map.entry("tide", new Design(Form.SPANISH, Field.PLAIN, "waves")),
        Map.entry("glacier", new Design(Form.HEATER, Field.PLAIN, "peaks")),
        Map.entry("volcano", new Design(Form.SPANISH, Field.PLAIN, "volcano")),
        Map.entry("eclipse", new Design(Form.ROUNDEL, Field.PLAIN, "eclipse")),
        Map.entry("rainbow", new Design(Form.HEATER, Field.PLAIN, "rainbow")),
        Map.entry("meteor", new Design(Form.HEXAGON, Field.BEND, "meteor")),
        Map.entry("frost", new Design(Form.HEXAGON, Field.PLAIN, "snowflake")),
        Map.entry("nebula", new Design(Form.ROUNDEL, Field.PLAIN, "nebula")),
        Map.entry("falcon", new Design(Form.HEATER, Field.CHEVRON, "wings")),
        Map.entry("heron", new Design(Form.SPANISH, Field.BASE, "heron")),
        Map.entry("swift", new Design(Form.ROUNDEL, Field.PLAIN, "swifts")),
        Map.entry("kingfisher", new Design(Form.HEXAGON, Field.BASE, "kingfisher")),
        Map.entry("albatross", new Design(Form.HEATER, Field.BASE, "albatross")),
        Map.entry("owl", new Design(Form.SPANISH, Field.PLAIN, "owl")),
        Map.entry("crane", new Design(Form.ROUNDEL, Field.PLAIN, "crane")),
        Map.entry("raven", new Design(Form.HEXAGON, Field.PLAIN, "raven")),
        Map.entry("crimson", new Design(Form.HEATER, Field.PALY, "star")),
        Map.entry("cobalt", new Design(Form.SPANISH, Field.BEND, "stars")),
        Map.entry("amber", new Design(Form.HEXAGON, Field.PLAIN, "gem")),
        Map.entry("jade", new Design(Form.ROUNDEL, Field.PLAIN, "bi")),
        Map.entry("valmora", new Design(Form.HEATER, Field.PLAIN, "tower")),
        Map.entry("solvend", new Design(Form.SPANISH, Field.PLAIN, "sunrise")));

    public static void main(String[] args) throws Exception {
        Map<String, Object> c = CampaignFiles.campaign();
        for (Object o : CampaignFiles.list(c, "teams")) {
            Map<String, Object> t = Json.obj(o, "team");
            String id = Json.str(t.get("id"), "team id");
            Design d = DESIGNS.get(id);
            if (d == null) throw new IllegalStateException("no crest design for team " + id);
            Map<String, Object> colors = CampaignFiles.map(t, "colors");
            BufferedImage img = draw(d, CampaignFiles.color(Json.str(colors.get("primary"), "primary")),
                CampaignFiles.color(Json.str(colors.get("secondary"), "secondary")));
            ImageIO.write(img, "png", CampaignFiles.output(Json.str(t.get("crest"), "crest")).toFile());
            System.out.println("crest " + id);
        }
    }

    static BufferedImage draw(Design d, Color primary, Color secondary) {
        BufferedImage big = new BufferedImage(512, 512, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        Shape outer = outline(d.form);
        shadow(big, outer);
        Area inner = new Area(outer);
        inner.subtract(new Area(new BasicStroke(34f).createStrokedShape(outer)));
        // rim: secondary with a light top edge and a dark outline
        g.setPaint(new GradientPaint(0, 30, Tone.mix(secondary, Color.WHITE, 0.25), 0, 480, Tone.mix(secondary, Color.BLACK, 0.25)));
        g.fill(outer);
        g.setColor(Tone.alpha(Tone.mix(secondary, Color.BLACK, 0.6), 200));
        g.setStroke(new BasicStroke(5f));
        g.draw(outer);
        g.setClip(inner);
        g.setPaint(new GradientPaint(0, 40, Tone.mix(primary, Color.WHITE, 0.12), 0, 470, Tone.mix(primary, Color.BLACK, 0.22)));
        g.fill(inner);
        field(g, d.field, primary, secondary);
        double[] centre = emblemCentre(d.form);
        AffineTransform saved = g.getTransform();
        g.translate(centre[0], centre[1]);
        g.scale(centre[2], centre[2]);
        CrestEmblems.draw(g, d.emblem, primary, secondary);
        g.setTransform(saved);
        // gloss on the upper half and a fine inner line
        g.setPaint(new GradientPaint(0, 40, new Color(255, 255, 255, 70), 0, 260, new Color(255, 255, 255, 0)));
        g.fill(new Ellipse2D.Double(-80, -300, 672, 560));
        g.setClip(null);
        g.setColor(new Color(255, 255, 255, 110));
        g.setStroke(new BasicStroke(3f));
        g.draw(inner);
        g.dispose();
        return Tone.halve(big);
    }

    static Shape outline(Form f) {
        Path2D.Double p = new Path2D.Double();
        switch (f) {
            case HEATER -> {
                p.moveTo(60, 36);
                p.lineTo(452, 36);
                p.lineTo(452, 220);
                p.curveTo(452, 350, 370, 430, 256, 480);
                p.curveTo(142, 430, 60, 350, 60, 220);
                p.closePath();
            }
            case SPANISH -> {
                p.moveTo(70, 36);
                p.lineTo(442, 36);
                p.lineTo(442, 290);
                p.curveTo(442, 400, 360, 478, 256, 478);
                p.curveTo(152, 478, 70, 400, 70, 290);
                p.closePath();
            }
            case ROUNDEL -> {
                return new Ellipse2D.Double(30, 26, 452, 452);
            }
            case HEXAGON -> {
                for (int k = 0; k < 6; k++) {
                    double a = Math.toRadians(-90 + 60 * k);
                    double x = 256 + 232 * Math.cos(a), y = 252 + 232 * Math.sin(a);
                    if (k == 0) p.moveTo(x, y); else p.lineTo(x, y);
                }
                p.closePath();
            }
        }
        return p;
    }

    /** x, y and scale that map emblem coordinates (about -100..100) into the field. */
    static double[] emblemCentre(Form f) {
        return switch (f) {
            case HEATER -> new double[] {256, 228, 1.45};
            case SPANISH -> new double[] {256, 246, 1.5};
            case ROUNDEL -> new double[] {256, 252, 1.55};
            case HEXAGON -> new double[] {256, 252, 1.45};
        };
    }

    static void field(Graphics2D g, Field f, Color primary, Color secondary) {
        Color dark = Tone.alpha(Tone.mix(primary, Color.BLACK, 0.35), 150);
        switch (f) {
            case PLAIN -> { }
            case BEND -> {
                g.setColor(dark);
                g.fill(poly(0, 512, 512, 0, 512, 512));
            }
            case PALY -> {
                g.setColor(dark);
                for (int x = 0; x < 512; x += 96) g.fill(new Rectangle2D.Double(x + 48, 0, 48, 512));
            }
            case CHEVRON -> {
                g.setColor(dark);
                g.fill(poly(0, 420, 256, 250, 512, 420, 512, 512, 0, 512));
            }
            case BASE -> {
                g.setColor(dark);
                g.fill(new Rectangle2D.Double(0, 330, 512, 200));
            }
        }
        g.setComposite(AlphaComposite.SrcOver);
    }

    static Path2D.Double poly(double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) p.lineTo(xy[i], xy[i + 1]);
        p.closePath();
        return p;
    }

    /** Soft drop shadow of the outline, 10 px down, blurred. */
    static void shadow(BufferedImage img, Shape outer) {
        BufferedImage s = new BufferedImage(512, 512, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = s.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.translate(0, 10);
        g.setColor(new Color(0, 0, 0, 110));
        g.fill(outer);
        g.dispose();
        Tone.blurAlpha(s, 9);
        Graphics2D t = img.createGraphics();
        t.drawImage(s, 0, 0, null);
        t.dispose();
    }
}
