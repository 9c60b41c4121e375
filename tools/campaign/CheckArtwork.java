import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** The artwork part of Check: the templates' background images and the page's key art. */
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

    /**
     * The key art (keyArt.image, or a video's poster): the size the campaign declares (the page reserves that shape)
     * and at most 80 KiB, because it is part of the page's first load (PageQualityBrowserTest's budget).
     */
    static void keyArt(Check c, Map<String, Object> k) throws Exception {
        Object url = k.containsKey("image") ? k.get("image") : k.get("poster");
        String suffix = String.valueOf(url).endsWith(".png") ? ".png" : ".jpg";
        BufferedImage img = c.image(url, "keyArt", suffix);
        if (img == null) return;
        int w = (int) Json.num(k.get("width"), "keyArt width"), h = (int) Json.num(k.get("height"), "keyArt height");
        if (img.getWidth() != w || img.getHeight() != h) c.fail("keyArt is " + img.getWidth() + "x" + img.getHeight() + ", declared " + w + "x" + h);
        long bytes = Files.size(c.webroot.resolve((String) url));
        if (bytes > 80 * 1024) c.fail("keyArt is " + bytes + " bytes, over 80 KiB");
    }
}
