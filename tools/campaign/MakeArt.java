import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Renders the four artwork backgrounds of conf/campaign.json (sizes and text/crest boxes read from it):
 * a procedural concert scene, calmed and darkened under the boxes, tone-mapped, vignetted, with film grain.
 */
public final class MakeArt {
    static final double[] MAGENTA = {1.0, 0.15, 0.55}, BLUE = {0.2, 0.35, 1.0}, WARM = {1.0, 0.8, 0.55},
        CYAN = {0.1, 0.6, 1.0}, AMBER = {1.0, 0.55, 0.15}, VIOLET = {0.55, 0.25, 1.0}, ORANGE = {1.0, 0.35, 0.12},
        TEAL = {0.05, 0.85, 0.75}, PHONE = {0.75, 0.85, 1.0}, NIGHT = {0.02, 0.012, 0.04};

    /** Where the stage is and which lights it has; fractions of the canvas. */
    record Recipe(long seed, double[] a, double[] b, double stageX, double stageY, double horizon,
                  double fixturesFrom, double fixturesTo, int fixtures, double fixtureY, double[] bokehBox, int bokeh) { }

    static Recipe recipe(String id) {
        return switch (id) {
            case "cover" -> new Recipe(11, MAGENTA, BLUE, 0.45, 0.64, 0.7, 0.06, 0.7, 6, 0.045,
                new double[] {0, 0.08, 1, 0.66}, 40);
            case "facebook" -> new Recipe(23, CYAN, AMBER, 0.76, 0.66, 0.8, 0.5, 0.98, 5, 0.07,
                new double[] {0.3, 0.02, 1, 0.76}, 40);
            case "x" -> new Recipe(37, VIOLET, ORANGE, 0.74, 0.66, 0.82, 0.48, 0.96, 5, 0.07,
                new double[] {0.3, 0.02, 1, 0.78}, 40);
            case "story" -> new Recipe(41, TEAL, MAGENTA, 0.5, 0.44, 0.5, 0.08, 0.92, 6, 0.03,
                new double[] {0, 0.05, 1, 0.47}, 45);
            case "keyArt" -> new Recipe(53, MAGENTA, CYAN, 0.5, 0.6, 0.7, 0.06, 0.94, 7, 0.05,
                new double[] {0, 0.04, 1, 0.68}, 45);
            default -> throw new IllegalArgumentException("no recipe for template " + id);
        };
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> art = CampaignFiles.map(CampaignFiles.campaign(), "artwork");
        for (Object o : CampaignFiles.list(art, "templates")) {
            Map<String, Object> t = Json.obj(o, "template");
            String id = Json.str(t.get("id"), "template id");
            int w = CampaignFiles.integer(t, "width"), h = CampaignFiles.integer(t, "height");
            StageScene sc = paint(recipe(id), w, h);
            BufferedImage img = finish(sc, calmBoxes(t), recipe(id).seed);
            Path out = CampaignFiles.output(Json.str(t.get("background"), "background"));
            writeJpeg(img, out, 0.88f);
            System.out.printf("artwork %s %dx%d %d bytes%n", id, w, h, out.toFile().length());
        }
        keyArt(CampaignFiles.campaign());
    }

    /**
     * The page's key art (campaign keyArt.image, or a video's poster): the same stage, nothing calmed (no text
     * goes on it), at a lower quality because it is part of the page's first load.
     */
    static void keyArt(Map<String, Object> c) throws IOException {
        if (!c.containsKey("keyArt")) return;
        Map<String, Object> k = CampaignFiles.map(c, "keyArt");
        String url = Json.str(k.containsKey("image") ? k.get("image") : k.get("poster"), "keyArt image");
        int w = CampaignFiles.integer(k, "width"), h = CampaignFiles.integer(k, "height");
        Recipe rc = recipe("keyArt");
        Path out = CampaignFiles.output(url);
        writeJpeg(finish(paint(rc, w, h), List.of(), rc.seed), out, 0.72f);
        System.out.printf("key art %dx%d %d bytes%n", w, h, out.toFile().length());
    }

    static StageScene paint(Recipe rc, int w, int h) {
        StageScene sc = new StageScene(w, h, rc.seed);
        double[] glow = mix(rc.a, rc.b, 0.35);
        sc.backdrop(NIGHT, glow, rc.stageX * w, rc.stageY * h);
        Random rnd = new Random(rc.seed * 7);
        for (int k = 0; k < rc.fixtures; k++) {
            double fx = w * (rc.fixturesFrom + (rc.fixturesTo - rc.fixturesFrom) * k / (rc.fixtures - 1.0));
            double fy = h * rc.fixtureY;
            double tx = w * (rc.stageX + (rnd.nextDouble() - 0.5) * 0.5), ty = h * rc.horizon;
            double ang = Math.toDegrees(Math.atan2(ty - fy, tx - fx));
            double[] c = k % 2 == 0 ? rc.a : rc.b;
            sc.beam(fx, fy, ang, 2.4 + 1.6 * rnd.nextDouble(), c, 0.55);
            sc.flare(fx, fy, 7, mix(c, WARM, 0.6), 0.9);
        }
        for (int k = 0; k < 3; k++) {
            double fx = w * (rc.stageX + (k - 1) * 0.22), fy = h * rc.horizon;
            sc.beam(fx, fy, -90 + (k - 1) * 22 + (rnd.nextDouble() - 0.5) * 8, 2.0, WARM, 0.35);
        }
        double[] bb = rc.bokehBox;
        sc.bokeh(rc.bokeh, new double[][] {rc.a, rc.b, WARM}, bb[0], bb[1], bb[2], bb[3]);
        sc.crowd(rc.horizon, glow, PHONE);
        return sc;
    }

    /** Boxes (x, y, w, h, strength) to keep calm: the crest box and the union of name and team boxes. */
    static List<double[]> calmBoxes(Map<String, Object> t) {
        List<double[]> boxes = new ArrayList<>();
        Map<String, Object> crest = CampaignFiles.map(t, "crest");
        double cs = CampaignFiles.integer(crest, "size");
        boxes.add(new double[] {CampaignFiles.integer(crest, "x"), CampaignFiles.integer(crest, "y"), cs, cs, 0.45});
        Map<String, Object> name = CampaignFiles.map(t, "name"), team = CampaignFiles.map(t, "team");
        double x0 = Math.min(CampaignFiles.integer(name, "x"), CampaignFiles.integer(team, "x"));
        double y0 = Math.min(CampaignFiles.integer(name, "y"), CampaignFiles.integer(team, "y"));
        double x1 = Math.max(CampaignFiles.integer(name, "x") + CampaignFiles.integer(name, "width"),
            CampaignFiles.integer(team, "x") + CampaignFiles.integer(team, "width"));
        double y1 = Math.max(CampaignFiles.integer(name, "y") + CampaignFiles.integer(name, "height"),
            CampaignFiles.integer(team, "y") + CampaignFiles.integer(team, "height"));
        if ("left".equals(name.get("align"))) x1 = x0 + 0.6 * (x1 - x0);
        boxes.add(new double[] {x0, y0, x1 - x0, y1 - y0, 0.75});
        return boxes;
    }

    static BufferedImage finish(StageScene sc, List<double[]> calm, long seed) {
        int w = sc.w, h = sc.h;
        double feather = 150 * sc.s;
        Random grain = new Random(seed * 31);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double c = 0;
                for (double[] bx : calm) {
                    double dx = Math.max(0, Math.max(bx[0] - x, x - bx[0] - bx[2]));
                    double dy = Math.max(0, Math.max(bx[1] - y, y - bx[1] - bx[3]));
                    double d = Math.hypot(dx, dy) / feather;
                    c = Math.max(c, bx[4] * (d >= 1 ? 0 : 1 - d * d * (3 - 2 * d)));
                }
                double r = sc.r[i], g = sc.g[i], b = sc.b[i];
                double l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
                double k = 1 - 0.8 * c, sat = 1 - 0.4 * c;
                r = (l + (r - l) * sat) * k;
                g = (l + (g - l) * sat) * k;
                b = (l + (b - l) * sat) * k;
                double vx = (x - w / 2.0) / (w / 2.0), vy = (y - h / 2.0) / (h / 2.0);
                double vig = 1 - 0.38 * Math.min(1, (vx * vx + vy * vy) / 2);
                double n = grain.nextGaussian() * 0.014;
                img.setRGB(x, y, (tone(r, vig, n) << 16) | (tone(g, vig, n) << 8) | tone(b, vig, n));
            }
        }
        return img;
    }

    static int tone(double v, double vig, double grain) {
        double t = (1 - Math.exp(-1.4 * v)) * vig;
        t = Math.pow(Math.max(0, t), 0.92) + grain;
        return (int) Math.round(255 * Math.max(0, Math.min(1, t)));
    }

    static double[] mix(double[] a, double[] b, double t) {
        return new double[] {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
    }

    static void writeJpeg(BufferedImage img, Path out, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        // an OutputStream truncates; ImageIO's own file stream would leave old bytes behind a shorter image
        try (java.io.OutputStream raw = java.nio.file.Files.newOutputStream(out);
             ImageOutputStream os = ImageIO.createImageOutputStream(raw)) {
            writer.setOutput(os);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
    }
}
