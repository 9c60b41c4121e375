import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Shared paths and readers for the campaign generators; run everything from the repository root. */
final class CampaignFiles {
    static final Path CONF = Path.of("conf/campaign.json");
    static final Path WEBROOT = Path.of("webroot");

    private CampaignFiles() { }

    static Map<String, Object> campaign() throws IOException {
        return Json.obj(Json.parse(Files.readString(CONF, StandardCharsets.UTF_8)), "campaign");
    }

    static List<Object> list(Map<String, Object> m, String key) {
        return Json.arr(m.get(key), key);
    }

    static Map<String, Object> map(Map<String, Object> m, String key) {
        return Json.obj(m.get(key), key);
    }

    static int integer(Map<String, Object> m, String key) {
        return (int) Math.round(Json.num(m.get(key), key));
    }

    /** Output file for a webroot-relative URL, creating its folder. */
    static Path output(String url) throws IOException {
        Path p = WEBROOT.resolve(url);
        Files.createDirectories(p.getParent());
        return p;
    }

    static java.awt.Color color(String hex) {
        return new java.awt.Color(Integer.parseInt(hex.substring(1, 7), 16));
    }
}
