import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The artwork part of Check: the four templates, their backgrounds and boxes. */
final class CheckArtwork {
    private CheckArtwork() { }

    static void templates(Check c, List<Object> templates) throws Exception {
        Set<String> seen = new HashSet<>();
        for (Object o : templates) {
            Map<String, Object> t = Json.obj(o, "template");
            String id = String.valueOf(t.get("id"));
            int[] size = Check.SIZES.get(id);
            if (size == null || !seen.add(id)) { c.fail("template id " + id + " unknown or repeated"); continue; }
            int w = (int) Json.num(t.get("width"), "width"), h = (int) Json.num(t.get("height"), "height");
            if (w != size[0] || h != size[1]) c.fail("template " + id + " is " + w + "x" + h + ", must be " + size[0] + "x" + size[1]);
            BufferedImage bg = c.image(t.get("background"), "template " + id + " background", ".jpg");
            if (bg != null) {
                if (bg.getWidth() != w || bg.getHeight() != h) c.fail("background of " + id + " is " + bg.getWidth() + "x" + bg.getHeight());
                long bytes = Files.size(c.webroot.resolve((String) t.get("background")));
                if (bytes > 350 * 1024) c.fail("background of " + id + " is " + bytes + " bytes, over 350 KiB");
            }
            Map<String, Object> crest = Json.obj(t.get("crest"), id + ".crest");
            int cs = (int) Json.num(crest.get("size"), "crest size");
            Rectangle cr = new Rectangle((int) Json.num(crest.get("x"), "x"), (int) Json.num(crest.get("y"), "y"), cs, cs);
            Map<String, Object> name = Json.obj(t.get("name"), id + ".name"), team = Json.obj(t.get("team"), id + ".team");
            Rectangle nr = box(name), tr = box(team);
            Rectangle canvas = new Rectangle(0, 0, w, h);
            for (var e : Map.of("crest", cr, "name", nr, "team", tr).entrySet()) {
                Rectangle r = e.getValue();
                if (r.width <= 0 || r.height <= 0 || !canvas.contains(r)) c.fail("template " + id + " " + e.getKey() + " box " + r + " is not inside " + w + "x" + h);
            }
            if (cr.intersects(nr) || cr.intersects(tr) || nr.intersects(tr)) c.fail("template " + id + " boxes overlap");
            int maxLines = (int) Json.num(name.get("maxLines"), "maxLines");
            double maxSize = Json.num(name.get("maxSize"), "maxSize"), minSize = Json.num(name.get("minSize"), "minSize");
            if (maxLines < 1 || minSize <= 0 || minSize > maxSize || maxSize > nr.height) c.fail("template " + id + " name sizes");
            if (Json.num(team.get("size"), "team size") > tr.height) c.fail("template " + id + " team size exceeds its box");
            for (Map<String, Object> b : List.of(name, team)) {
                if (!(b.get("color") instanceof String s && Check.HEX.matcher(s).matches())) c.fail("template " + id + " colour " + b.get("color"));
                if (!List.of("left", "center", "right").contains(b.get("align"))) c.fail("template " + id + " align " + b.get("align"));
            }
        }
        if (!seen.equals(Check.SIZES.keySet())) c.fail("templates must be exactly " + Check.SIZES.keySet() + ", found " + seen);
    }

    static Rectangle box(Map<String, Object> b) {
        return new Rectangle((int) Json.num(b.get("x"), "x"), (int) Json.num(b.get("y"), "y"),
            (int) Json.num(b.get("width"), "width"), (int) Json.num(b.get("height"), "height"));
    }
}
