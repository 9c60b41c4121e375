import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Checks conf/campaign.json (or the file given as first argument, with webroot as second) against the
 * schema v1 rules and the files it names. Prints every problem and exits 1 if there is any.
 */
public final class Check {
    static final List<String> LANGS = List.of("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "tr", "ar", "ja", "ko", "zh");
    static final Map<String, Set<String>> TEXT_KEYS = Map.of(
        "title", Set.of(), "tagline", Set.of(), "shareTitle", Set.of("name", "team"),
        "shareDescription", Set.of(), "artworkAlt", Set.of("name", "team"), "contestTerms", Set.of(),
        "welcomeSubject", Set.of(), "welcomeBody", Set.of("name"), "confirmCta", Set.of());
    static final Map<String, int[]> SIZES = Map.of("cover", new int[] {1400, 1400}, "facebook", new int[] {1200, 630},
        "x", new int[] {1200, 600}, "story", new int[] {1080, 1920});
    static final Set<String> TOP = Set.of("id", "version", "defaultLanguage", "artist", "song", "texts", "teams",
        "backingTrack", "lyrics", "recording", "contest", "artwork");
    static final Set<String> OPTIONAL = Set.of("guideVocal");
    static final Pattern ID = Pattern.compile("[a-z0-9-]{1,40}"), HEX = Pattern.compile("#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?"),
        PLACEHOLDER = Pattern.compile("\\{([^}]*)\\}");

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

    void campaign(Map<String, Object> c) throws Exception {
        for (String k : c.keySet()) if (!TOP.contains(k) && !OPTIONAL.contains(k)) fail("unknown top-level key " + k);
        for (String k : TOP) if (!c.containsKey(k)) fail("missing top-level key " + k);
        if (!(c.get("id") instanceof String s && ID.matcher(s).matches())) fail("id must match [a-z0-9-]{1,40}");
        if (!(c.get("version") instanceof Long v && v >= 1)) fail("version must be an integer >= 1");
        if (!LANGS.contains(c.get("defaultLanguage"))) fail("defaultLanguage must be one of " + LANGS);
        nonEmpty(Json.obj(c.get("artist"), "artist").get("name"), "artist.name");
        Map<String, Object> song = Json.obj(c.get("song"), "song");
        nonEmpty(song.get("title"), "song.title");
        if (!LANGS.contains(song.get("language"))) fail("song.language must be one of the 14 languages");
        texts(Json.obj(c.get("texts"), "texts"));
        teams(Json.arr(c.get("teams"), "teams"));
        long duration = track(Json.obj(c.get("backingTrack"), "backingTrack"), "backingTrack");
        if (c.containsKey("guideVocal")) {
            long guide = track(Json.obj(c.get("guideVocal"), "guideVocal"), "guideVocal");
            if (guide > duration + 50) fail("guideVocal is longer than the backing track");
        }
        lyrics(Json.arr(c.get("lyrics"), "lyrics"), duration);
        recording(Json.obj(c.get("recording"), "recording"), duration);
        Map<String, Object> contest = Json.obj(c.get("contest"), "contest");
        try {
            LocalDate.parse(Json.str(contest.get("termsVersion"), "termsVersion"));
            Instant.parse(Json.str(contest.get("endsAt"), "endsAt"));
        } catch (RuntimeException e) {
            fail("contest: " + e.getMessage());
        }
        CheckArtwork.templates(this, Json.arr(Json.obj(c.get("artwork"), "artwork").get("templates"), "templates"));
        long total;
        try (var files = Files.walk(webroot.resolve("campaign"))) {
            total = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        if (total > 3 * 1024 * 1024) fail("webroot/campaign holds " + total + " bytes, over 3 MiB");
        System.out.printf("checked: %d languages, %d teams, %d lyric lines, track %d ms, assets %d bytes%n",
            LANGS.size(), Json.arr(c.get("teams"), "teams").size(), Json.arr(c.get("lyrics"), "lyrics").size(), duration, total);
    }

    void nonEmpty(Object o, String what) {
        if (!(o instanceof String s) || s.isBlank()) fail(what + " must be a non-empty string");
    }

    void texts(Map<String, Object> texts) {
        if (!texts.keySet().equals(new HashSet<>(LANGS))) fail("texts must have exactly the languages " + LANGS + ", has " + texts.keySet());
        for (String lang : LANGS) {
            if (!(texts.get(lang) instanceof Map)) { fail("texts." + lang + " missing"); continue; }
            Map<String, Object> t = Json.obj(texts.get(lang), lang);
            if (!t.keySet().equals(TEXT_KEYS.keySet())) fail("texts." + lang + " keys " + t.keySet() + " differ from " + TEXT_KEYS.keySet());
            for (var e : TEXT_KEYS.entrySet()) {
                Object v = t.get(e.getKey());
                nonEmpty(v, "texts." + lang + "." + e.getKey());
                if (!(v instanceof String s)) continue;
                Matcher m = PLACEHOLDER.matcher(s);
                while (m.find()) {
                    if (!e.getValue().contains(m.group(1))) fail("texts." + lang + "." + e.getKey() + " has placeholder {" + m.group(1) + "}");
                }
                if (s.contains("{") != s.contains("}")) fail("texts." + lang + "." + e.getKey() + " has an unbalanced brace");
            }
            for (String key : List.of("shareTitle", "artworkAlt")) {
                if (t.get(key) instanceof String s && !s.contains("{name}")) fail("texts." + lang + "." + key + " lacks {name}");
            }
            if (t.get("artworkAlt") instanceof String s && !s.contains("{team}")) fail("texts." + lang + ".artworkAlt lacks {team}");
        }
    }

    void teams(List<Object> teams) throws Exception {
        if (teams.size() < 24) fail("need at least 24 teams, found " + teams.size());
        Set<String> ids = new HashSet<>();
        for (Object o : teams) {
            Map<String, Object> t = Json.obj(o, "team");
            String id = String.valueOf(t.get("id"));
            if (!ID.matcher(id).matches() || !ids.add(id)) fail("team id " + id + " invalid or duplicate");
            Map<String, Object> names = Json.obj(t.get("names"), "names of " + id);
            if (!names.keySet().equals(new HashSet<>(LANGS))) fail("team " + id + " names languages " + names.keySet());
            for (String lang : LANGS) nonEmpty(names.get(lang), "team " + id + " name " + lang);
            Map<String, Object> colors = Json.obj(t.get("colors"), "colors of " + id);
            for (String k : List.of("primary", "secondary")) {
                if (!(colors.get(k) instanceof String s && HEX.matcher(s).matches())) fail("team " + id + " colour " + k);
            }
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

    void lyrics(List<Object> lines, long duration) {
        if (lines.isEmpty()) fail("lyrics are empty");
        long prevEnd = 0;
        for (int i = 0; i < lines.size(); i++) {
            Map<String, Object> l = Json.obj(lines.get(i), "lyric " + i);
            long s = Math.round(Json.num(l.get("startMs"), "startMs")), e = Math.round(Json.num(l.get("endMs"), "endMs"));
            nonEmpty(l.get("text"), "lyric " + i + " text");
            if (s >= e) fail("lyric " + i + " starts at " + s + " but ends at " + e);
            if (s < prevEnd) fail("lyric " + i + " starts at " + s + " before the previous line ends at " + prevEnd);
            if (e > duration) fail("lyric " + i + " ends at " + e + " after the track (" + duration + " ms)");
            prevEnd = e;
        }
    }

    void recording(Map<String, Object> r, long duration) {
        double min = Json.num(r.get("minSeconds"), "minSeconds"), max = Json.num(r.get("maxSeconds"), "maxSeconds");
        if (min <= 0 || min >= max) fail("recording.minSeconds must be > 0 and < maxSeconds");
        if (max * 1000 < duration) fail("recording.maxSeconds is shorter than the backing track");
        if (Json.num(r.get("maxBytes"), "maxBytes") <= 0) fail("recording.maxBytes must be positive");
        List<Object> types = Json.arr(r.get("types"), "types");
        if (types.isEmpty()) fail("recording.types is empty");
        for (Object t : types) if (!(t instanceof String s && s.startsWith("audio/"))) fail("recording type " + t);
    }
}
