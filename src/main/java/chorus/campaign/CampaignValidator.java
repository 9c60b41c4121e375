package chorus.campaign;

import chorus.core.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Checks a campaign description before anything uses it; the first problem stops start-up, named by its path. */
final class CampaignValidator {
  private static final Map<String, int[]> SIZES = Map.of(
      "cover", new int[] {1400, 1400}, "facebook", new int[] {1200, 630}, "x", new int[] {1200, 600}, "story", new int[] {1080, 1920});
  private static final String ID = "[a-z0-9-]{1,40}";

  private final String file;
  private final Path webroot;

  CampaignValidator(String file, Path webroot) {
    this.file = file;
    this.webroot = webroot;
  }

  void validate(JsonObject c) {
    check(str(c, "id").matches(ID), "id", "must match " + ID);
    check(c.getValue("version") instanceof Integer v && v >= 1, "version", "must be a whole number >= 1");
    str(obj(c, "artist"), "name");
    str(obj(c, "song"), "title");
    JsonObject texts = obj(c, "texts");
    JsonObject en = obj(texts, "en");
    for (String lang : Locales.LANGUAGES) {
      JsonObject t = obj(texts, lang);
      for (String key : en.fieldNames()) check(!t.getString(key, "").isBlank(), "texts." + lang + "." + key, "is missing");
    }
    JsonArray teams = arr(c, "teams");
    check(!teams.isEmpty(), "teams", "needs at least one team");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < teams.size(); i++) {
      JsonObject t = teams.getJsonObject(i);
      String where = "teams[" + i + "]";
      String id = str(t, "id");
      check(id.matches(ID) && ids.add(id), where + ".id", "must match " + ID + " and be unique");
      for (String lang : Locales.LANGUAGES) check(!obj(t, "names").getString(lang, "").isBlank(), where + ".names." + lang, "is missing");
      file(str(t, "crest"), where + ".crest");
    }
    JsonObject track = obj(c, "backingTrack");
    file(str(track, "url"), "backingTrack.url");
    check(track.getValue("durationMs") instanceof Integer d && d > 0, "backingTrack.durationMs", "must be positive");
    JsonObject guide = c.getJsonObject("guideVocal");
    if (guide != null) file(str(guide, "url"), "guideVocal.url"); // optional: the mix aligns takes to it
    JsonArray lyrics = arr(c, "lyrics");
    long last = -1;
    for (int i = 0; i < lyrics.size(); i++) {
      JsonObject l = lyrics.getJsonObject(i);
      long start = l.getLong("startMs", -1L);
      long end = l.getLong("endMs", -1L);
      check(start >= last && end > start && end <= track.getInteger("durationMs"), "lyrics[" + i + "]", "times must increase within the track");
      str(l, "text");
      last = end;
    }
    JsonObject rec = obj(c, "recording");
    int min = rec.getInteger("minSeconds", -1);
    int max = rec.getInteger("maxSeconds", -1);
    check(min >= 1 && max > min && max <= 600, "recording.minSeconds/maxSeconds", "must satisfy 1 <= min < max <= 600");
    check(rec.getLong("maxBytes", 0L) > 0 && rec.getLong("maxBytes") <= 200L << 20, "recording.maxBytes", "must be 1..200 MiB");
    check(!arr(rec, "types").isEmpty(), "recording.types", "needs at least one type");
    JsonObject contest = obj(c, "contest");
    str(contest, "termsVersion");
    try {
      Instant.parse(str(contest, "endsAt"));
    } catch (DateTimeParseException e) {
      fail("contest.endsAt", "must be an ISO-8601 instant");
    }
    JsonArray templates = arr(obj(c, "artwork"), "templates");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < templates.size(); i++) {
      JsonObject t = templates.getJsonObject(i);
      String id = str(t, "id");
      int[] size = SIZES.get(id);
      check(size != null && seen.add(id), "artwork.templates[" + i + "].id", "must be one of " + SIZES.keySet() + ", once");
      check(t.getInteger("width", 0) == size[0] && t.getInteger("height", 0) == size[1], "artwork.templates." + id, "must be " + size[0] + "x" + size[1]);
      file(str(t, "background"), "artwork.templates." + id + ".background");
      box(t, id, obj(t, "name"), "name");
    }
    check(seen.size() == SIZES.size(), "artwork.templates", "must define " + SIZES.keySet());
  }

  private void box(JsonObject t, String id, JsonObject b, String name) {
    int x = b.getInteger("x", -1), y = b.getInteger("y", -1), w = b.getInteger("width", 0), h = b.getInteger("height", 0);
    check(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= t.getInteger("width") && y + h <= t.getInteger("height"),
        "artwork.templates." + id + "." + name, "box must lie inside the canvas");
  }

  private void file(String relative, String where) {
    Path p = webroot.resolve(relative).normalize();
    check(p.startsWith(webroot.normalize()) && Files.isRegularFile(p), where, "file " + relative + " not found under " + webroot);
  }

  private JsonObject obj(JsonObject o, String key) {
    if (!(o.getValue(key) instanceof JsonObject j)) throw fail(key, "must be an object");
    return j;
  }

  private JsonArray arr(JsonObject o, String key) {
    if (!(o.getValue(key) instanceof JsonArray a)) throw fail(key, "must be an array");
    return a;
  }

  private String str(JsonObject o, String key) {
    if (!(o.getValue(key) instanceof String s) || s.isBlank()) throw fail(key, "must be a non-empty string");
    return s;
  }

  private void check(boolean ok, String where, String what) {
    if (!ok) throw fail(where, what);
  }

  private ConfigException fail(String where, String what) {
    return new ConfigException(file + ": " + where + " " + what);
  }
}
