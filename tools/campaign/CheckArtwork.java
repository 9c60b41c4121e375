import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** The artwork part of Check: the templates' background images. */
final class CheckArtwork {
    private CheckArtwork() { }

    /** Each template's background image: readable, the template's size, under 350 KiB. Its boxes are file rules (CampaignValidator). */
    static void templates(Check c, List<Object> templates) throws Exception {
        for (Object o : templates) {
            Map<String, Object> t = Json.obj(o, "template");
            String id = String.valueOf(t.get("id"));
            int w = (int) Json.num(t.get("width"), "width"), h = (int) Json.num(t.get("height"), "height");
            BufferedImage bg = c.image(t.get("background"), "template " + id + " background", ".jpg");
            if (bg != null) {
                if (bg.getWidth() != w || bg.getHeight() != h) c.fail("background of " + id + " is " + bg.getWidth() + "x" + bg.getHeight());
                long bytes = Files.size(c.webroot.resolve((String) t.get("background")));
                if (bytes > 350 * 1024) c.fail("background of " + id + " is " + bytes + " bytes, over 350 KiB");
            }
        }
    }
}
