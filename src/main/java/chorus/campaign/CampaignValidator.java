package chorus.campaign;

import chorus.core.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks a campaign description before anything uses it; the first problem stops start-up, named by its path.
 * The rules of the file are the JSON Schema {@code conf/campaign.schema.json} (on the classpath as
 * {@code campaign.schema.json}; an agency's editor validates against the same file as they type). What a
 * schema cannot say is checked here: the asset files (crests, tracks, key art, backgrounds) exist under the webroot, team and template ids are
 * unique, lyric times increase within the track, text boxes lie inside their canvas.
 */
public final class CampaignValidator {
  static final String SCHEMA = "campaign.schema.json";
  private static final Validator VALIDATOR = Validator.create(JsonSchema.of(readSchema()),
      new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://chorus.invalid/schemas/")
          .setOutputFormat(OutputFormat.Basic));

  private final String file;
  private final Path webroot;

  public CampaignValidator(String file, Path webroot) {
    this.file = file;
    this.webroot = webroot;
  }

  public void validate(JsonObject c) {
    OutputUnit result = VALIDATOR.validate(c);
    if (!Boolean.TRUE.equals(result.getValid())) {
      OutputUnit first = deepest(result);
      String where = first.getInstanceLocation() == null || first.getInstanceLocation().isEmpty() ? "/" : first.getInstanceLocation();
      throw fail(where, first.getError() + " (schema " + SCHEMA + ")");
    }
    JsonArray teams = c.getJsonArray("teams");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < teams.size(); i++) {
      JsonObject t = teams.getJsonObject(i);
      check(ids.add(t.getString("id")), "/teams/" + i + "/id", "must be unique");
      file(t.getString("crest"), "/teams/" + i + "/crest");
    }
    JsonObject track = c.getJsonObject("backingTrack");
    file(track.getString("url"), "/backingTrack/url");
    if (c.getJsonObject("guideVocal") != null) file(c.getJsonObject("guideVocal").getString("url"), "/guideVocal/url");
    JsonObject keyArt = c.getJsonObject("keyArt");
    if (keyArt != null) {
      for (String media : new String[] {"image", "video", "poster"}) {
        if (keyArt.getString(media) != null) file(keyArt.getString(media), "/keyArt/" + media);
      }
    }
    JsonArray lyrics = c.getJsonArray("lyrics");
    long last = -1;
    for (int i = 0; i < lyrics.size(); i++) {
      JsonObject l = lyrics.getJsonObject(i);
      long start = l.getLong("startMs");
      long end = l.getLong("endMs");
      check(start >= last && end > start && end <= track.getInteger("durationMs"), "/lyrics/" + i, "times must increase within the track");
      last = end;
    }
    JsonObject rec = c.getJsonObject("recording");
    check(rec.getInteger("maxSeconds") > rec.getInteger("minSeconds"), "/recording/maxSeconds", "must be more than minSeconds");
    JsonArray templates = c.getJsonObject("artwork").getJsonArray("templates");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < templates.size(); i++) {
      JsonObject t = templates.getJsonObject(i);
      String id = t.getString("id");
      check(seen.add(id), "/artwork/templates/" + i + "/id", "must be unique");
      file(t.getString("background"), "/artwork/templates/" + i + "/background");
      String at = "/artwork/templates/" + i;
      for (String box : new String[] {"name", "team"}) inside(t, box, at + "/" + box);
      JsonObject name = t.getJsonObject("name");
      JsonObject team = t.getJsonObject("team");
      JsonObject crest = t.getJsonObject("crest");
      check(!overlap(rect(name), rect(team)) && !overlap(rect(crest), rect(name)) && !overlap(rect(crest), rect(team)), at, "boxes must not overlap");
      check(name.getInteger("minSize", 1) <= name.getInteger("maxSize", Integer.MAX_VALUE)
          && name.getInteger("maxSize", 0) <= name.getInteger("height"), at + "/name", "needs minSize <= maxSize <= height");
      check(team.getInteger("size", 0) <= team.getInteger("height"), at + "/team/size", "must fit its box height");
    }
  }

  /** The error at the deepest place in the document: the field to fix, not the object that holds it. */
  private static OutputUnit deepest(OutputUnit result) {
    OutputUnit best = result;
    if (result.getErrors() == null) return best;
    for (OutputUnit u : result.getErrors()) {
      OutputUnit d = deepest(u);
      String at = d.getInstanceLocation() == null ? "" : d.getInstanceLocation();
      String bestAt = best.getInstanceLocation() == null ? "" : best.getInstanceLocation();
      if (at.length() > bestAt.length()) best = d;
    }
    return best;
  }

  /** {x, y, width, height}; a crest is {x, y, size}. */
  private static int[] rect(JsonObject b) {
    int size = b.getInteger("size", 0);
    return new int[] {b.getInteger("x"), b.getInteger("y"), b.getInteger("width", size), b.getInteger("height", size)};
  }

  private static boolean overlap(int[] a, int[] b) {
    return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
  }

  private void inside(JsonObject t, String name, String where) {
    JsonObject b = t.getJsonObject(name);
    check(b.getInteger("x") + b.getInteger("width") <= t.getInteger("width")
        && b.getInteger("y") + b.getInteger("height") <= t.getInteger("height"), where, "box must lie inside the canvas");
  }

  private void file(String relative, String where) {
    Path p = webroot.resolve(relative).normalize();
    check(p.startsWith(webroot.normalize()) && Files.isRegularFile(p), where, "file " + relative + " not found under " + webroot);
  }

  private void check(boolean ok, String where, String what) {
    if (!ok) throw fail(where, what);
  }

  private ConfigException fail(String where, String what) {
    return new ConfigException(file + ": " + where + " " + what);
  }

  private static JsonObject readSchema() {
    try (InputStream in = CampaignValidator.class.getResourceAsStream("/" + SCHEMA)) {
      if (in == null) throw new IllegalStateException(SCHEMA + " is not on the classpath (the build copies it from conf/)");
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + SCHEMA, e);
    }
  }

  /** {@code java -cp … chorus.campaign.CampaignValidator [campaign.json [webroot]]}: the check an agency runs. */
  public static void main(String[] args) throws IOException {
    Path conf = Path.of(args.length > 0 ? args[0] : "conf/campaign.json");
    Path web = Path.of(args.length > 1 ? args[1] : "webroot");
    try {
      new CampaignValidator(conf.toString(), web).validate(new JsonObject(Files.readString(conf, StandardCharsets.UTF_8)));
      System.out.println("campaign OK: " + conf);
    } catch (ConfigException | io.vertx.core.json.DecodeException e) {
      System.out.println("FAIL " + e.getMessage());
      System.exit(1);
    }
  }
}
