import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Checks the assets conf/campaign.json (or the file given as first argument, with webroot as second) names:
 * images, crests, the backing track's real duration, the size budget. Prints every problem and exits 1 if any.
 */
public final class Check {

    final List<String> problems = new ArrayList<>();
    final Path webroot;

    Check(Path webroot) { this.webroot = webroot; }

    public static void main(String[] args) throws Exception {
        Path conf = Path.of(args.length > 0 ? args[0] : "conf/campaign.json");
        Check c = new Check(Path.of(args.length > 1 ? args[1] : "webroot"));
        try {
            c.campaign(Json.obj(Json.parse(Files.readString(conf, StandardCharsets.UTF_8)), "campaign"));
        } catch (RuntimeException e) {
            c.problems.add("unreadable: " + e.getMessage());
        }
        c.problems.forEach(p -> System.out.println("FAIL " + p));
        System.out.println(c.problems.isEmpty() ? "campaign OK: " + conf : c.problems.size() + " problem(s) in " + conf);
        if (!c.problems.isEmpty()) System.exit(1);
    }

    void fail(String m) { problems.add(m); }

    /**
     * The assets' own checks. The file's rules (structure, ids, languages, placeholders, lyric times, limits)
     * are the JSON Schema conf/campaign.schema.json plus chorus.campaign.CampaignValidator, run first by
     * generate.sh check: one rule set, shared with start-up.
     */
    void campaign(Map<String, Object> c) throws Exception {
        teams(Json.arr(c.get("teams"), "teams"));
        long duration = track(Json.obj(c.get("backingTrack"), "backingTrack"), "backingTrack");
        if (c.containsKey("guideVocal")) {
            long guide = track(Json.obj(c.get("guideVocal"), "guideVocal"), "guideVocal");
            if (guide > duration + 50) fail("guideVocal is longer than the backing track");
        }
        CheckArtwork.templates(this, Json.arr(Json.obj(c.get("artwork"), "artwork").get("templates"), "templates"));
        if (c.containsKey("keyArt")) CheckArtwork.keyArt(this, Json.obj(c.get("keyArt"), "keyArt"));
        long total;
        try (var files = Files.walk(webroot.resolve("campaign"))) {
            total = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        if (total > 3 * 1024 * 1024) fail("webroot/campaign holds " + total + " bytes, over 3 MiB");
        System.out.printf("assets checked: %d teams, track %d ms, %d bytes%n", Json.arr(c.get("teams"), "teams").size(), duration, total);
    }

    /** A demo campaign needs enough teams to look real; every crest is a 256 px PNG with a transparent corner. */
    void teams(List<Object> teams) throws Exception {
        if (teams.size() < 24) fail("need at least 24 teams, found " + teams.size());
        for (Object o : teams) {
            Map<String, Object> t = Json.obj(o, "team");
            String id = String.valueOf(t.get("id"));
            BufferedImage img = image(t.get("crest"), "team " + id + " crest", ".png");
            if (img == null) continue;
            if (img.getWidth() != 256 || img.getHeight() != 256) fail("crest of " + id + " is " + img.getWidth() + "x" + img.getHeight());
            if (!img.getColorModel().hasAlpha() || (img.getRGB(0, 0) >>> 24) != 0) fail("crest of " + id + " has no transparent corner");
        }
    }

    /** Reads an image named by a webroot-relative path; records a problem and returns null if it cannot. */
    BufferedImage image(Object url, String what, String suffix) throws Exception {
        if (!(url instanceof String u) || !u.startsWith("campaign/") || !u.endsWith(suffix) || u.contains("..")) {
            fail(what + " must be a campaign/...'" + suffix + "' path");
            return null;
        }
        Path p = webroot.resolve(u);
        if (!Files.isRegularFile(p)) { fail(what + " file missing: " + p); return null; }
        byte[] d = Files.readAllBytes(p);
        int end = suffix.equals(".jpg") ? jpegEnd(d) : pngEnd(d);
        if (end != d.length) fail(what + " image data ends at byte " + end + " of " + d.length + ": " + p);
        BufferedImage img = ImageIO.read(p.toFile());
        if (img == null) fail(what + " is not a readable image: " + p);
        return img;
    }

    /** Offset just after the EOI marker, walking segments and entropy-coded data; -1 if malformed. */
    static int jpegEnd(byte[] d) {
        if (d.length < 4 || (d[0] & 255) != 0xff || (d[1] & 255) != 0xd8) return -1;
        int i = 2;
        while (i + 2 <= d.length) {
            if ((d[i] & 255) != 0xff) return -1;
            int m = d[i + 1] & 255;
            if (m == 0xd9) return i + 2;
            if (i + 4 > d.length) return -1;
            int len = (d[i + 2] & 255) << 8 | (d[i + 3] & 255);
            i += 2 + len;
            if (m != 0xda) continue;
            while (i + 1 < d.length) {
                if ((d[i] & 255) == 0xff && d[i + 1] != 0 && ((d[i + 1] & 255) < 0xd0 || (d[i + 1] & 255) > 0xd7)) break;
                i++;
            }
        }
        return -1;
    }

    /** Offset just after the IEND chunk, walking the chunk lengths; -1 if malformed. */
    static int pngEnd(byte[] d) {
        int i = 8;
        while (i + 12 <= d.length) {
            int len = (d[i] & 255) << 24 | (d[i + 1] & 255) << 16 | (d[i + 2] & 255) << 8 | (d[i + 3] & 255);
            String type = new String(d, i + 4, 4, StandardCharsets.ISO_8859_1);
            i += 12 + len;
            if (type.equals("IEND")) return i;
        }
        return -1;
    }

    long track(Map<String, Object> t, String name) throws Exception {
        if (!"audio/mpeg".equals(t.get("type"))) fail(name + ".type must be audio/mpeg");
        long declared = Math.round(Json.num(t.get("durationMs"), "durationMs"));
        Path p = webroot.resolve(Json.str(t.get("url"), name + ".url"));
        if (!Files.isRegularFile(p)) { fail(name + " missing: " + p); return declared; }
        Mp3Info info = Mp3Info.read(p);
        if (Math.abs(info.durationMs() - declared) > 50) {
            fail(name + ".durationMs " + declared + " but the MP3 plays " + Math.round(info.durationMs()) + " ms");
        }
        System.out.printf("%s: %d Hz, %d ch, %d kbps, %.0f ms measured, %d ms declared%n",
            name, info.sampleRate(), info.channels(), info.bitrateKbps(), info.durationMs(), declared);
        return declared;
    }
}
