package chorus.campaign;

import chorus.core.Failure;
import chorus.core.Hashes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One campaign, from {@code conf/campaign.json} (validated by {@link CampaignValidator} at load): artist,
 * song, texts in the 14 languages, teams, backing track, lyrics, recording limits, contest and artwork
 * templates. The localised view each page asks for is built once per language, with its ETag.
 */
public final class Campaign {
  private final JsonObject raw;
  private final Map<String, Team> teams;
  private final RecordingLimits limits;
  private final Map<String, JsonObject> views = new LinkedHashMap<>();
  private final Map<String, Buffer> encoded = new LinkedHashMap<>();
  private final Map<String, String> etags = new LinkedHashMap<>();

  private Campaign(JsonObject raw) {
    this.raw = raw;
    Map<String, Team> t = new LinkedHashMap<>();
    for (Object o : raw.getJsonArray("teams")) {
      JsonObject j = (JsonObject) o;
      Map<String, String> names = new LinkedHashMap<>();
      j.getJsonObject("names").forEach(e -> names.put(e.getKey(), (String) e.getValue()));
      JsonObject colors = j.getJsonObject("colors", new JsonObject());
      t.put(j.getString("id"), new Team(j.getString("id"), Map.copyOf(names), j.getString("crest"),
          colors.getString("primary", "#1f2937"), colors.getString("secondary", "#f9fafb")));
    }
    this.teams = t;
    JsonObject r = raw.getJsonObject("recording");
    this.limits = new RecordingLimits(r.getInteger("minSeconds"), r.getInteger("maxSeconds"), r.getLong("maxBytes"),
        r.getJsonArray("types").stream().map(String::valueOf).toList());
    for (String lang : Locales.LANGUAGES) {
      JsonObject view = view(lang);
      views.put(lang, view);
      encoded.put(lang, view.toBuffer());
      etags.put(lang, etag(view));
    }
  }

  /** Loads and validates; a problem throws {@link chorus.core.ConfigException} naming the field. */
  public static Campaign load(Path file, Path webroot) {
    JsonObject raw;
    try {
      raw = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new chorus.core.ConfigException(file + ": not readable JSON: " + e.getMessage());
    }
    new CampaignValidator(file.toString(), webroot).validate(raw);
    chorus.core.Built.one(chorus.core.Built.CAMPAIGN);
    return new Campaign(raw);
  }

  public String id() { return raw.getString("id"); }
  public int version() { return raw.getInteger("version"); }
  public RecordingLimits recording() { return limits; }
  /** The backing track's path under the webroot (e.g. {@code campaign/audio/backing.mp3}). */
  public String backingTrackUrl() { return raw.getJsonObject("backingTrack").getString("url"); }
  /** The audio pipeline's thresholds as the file gives them (a copy; null when the file has none). */
  public JsonObject audio() { JsonObject a = raw.getJsonObject("audio"); return a == null ? null : a.copy(); }
  public String termsVersion() { return raw.getJsonObject("contest").getString("termsVersion"); }
  public Instant contestEndsAt() { return Instant.parse(raw.getJsonObject("contest").getString("endsAt")); }
  /** The controller, the contact for privacy requests and the suggested retention period. */
  public Privacy privacy() {
    JsonObject p = raw.getJsonObject("privacy");
    return new Privacy(p.getString("controller"), p.getString("contact"), p.getInteger("retentionDays"));
  }

  /** The privacy notice's paragraphs in a language, with their placeholders unfilled. */
  public List<String> privacyNotice(String lang) {
    return raw.getJsonObject("texts").getJsonObject(Locales.supported(lang) ? lang : Locales.FALLBACK).getJsonArray("privacyNotice")
        .stream().map(String::valueOf).toList();
  }

  public record Privacy(String controller, String contact, int retentionDays) {}

  public Optional<Team> team(String id) { return Optional.ofNullable(teams.get(id)); }

  /** The team a request names in its {@code team} field; an unknown one is an invalid field. */
  public Team requireTeam(String id) {
    Team t = id == null ? null : teams.get(id);
    if (t == null) {
      String shown = id == null ? "" : id.length() > 40 ? id.substring(0, 40) : id;
      throw Failure.invalidField("team", "Unknown team '" + shown + "'.");
    }
    return t;
  }
  public List<Team> teams() { return List.copyOf(teams.values()); }
  public String artist() { return raw.getJsonObject("artist").getString("name"); }
  /** The song's title as the campaign file gives it (not translated). */
  public String songTitle() { return raw.getJsonObject("song").getString("title"); }
  /** Length of the backing track: the song's exact length (a chorus stem has this many samples). */
  public int backingTrackMs() { return raw.getJsonObject("backingTrack").getInteger("durationMs"); }
  /** The guide vocal's path relative to the webroot, when the campaign has one. */
  public Optional<String> guideVocalUrl() {
    return Optional.ofNullable(raw.getJsonObject("guideVocal")).map(g -> g.getString("url"));
  }

  /** A text of the campaign in a language, e.g. {@code shareTitle}. */
  public String text(String lang, String key) {
    return raw.getJsonObject("texts").getJsonObject(Locales.supported(lang) ? lang : Locales.FALLBACK).getString(key);
  }

  /**
   * The key art in a language ({@code image} or {@code video} + {@code type} + {@code poster} as site paths,
   * {@code width}, {@code height}, {@code alt}), or null when the campaign has none.
   */
  public JsonObject keyArt(String lang) {
    JsonObject k = raw.getJsonObject("keyArt");
    if (k == null) return null;
    JsonObject out = new JsonObject();
    for (String media : new String[] {"image", "video", "poster"}) {
      if (k.getString(media) != null) out.put(media, "/" + k.getString(media));
    }
    if (k.getString("type") != null) out.put("type", k.getString("type"));
    return out.put("width", k.getInteger("width")).put("height", k.getInteger("height"))
        .put("alt", k.getJsonObject("alt").getString(Locales.supported(lang) ? lang : Locales.FALLBACK));
  }

  /**
   * The cover template as the page's live preview draws it: size, background and crest as site paths, the
   * name and team boxes as the renderer lays them out.
   */
  private JsonObject coverPreview() {
    for (Object o : templates()) {
      JsonObject t = (JsonObject) o;
      if (!"cover".equals(t.getString("id"))) continue;
      return new JsonObject().put("width", t.getInteger("width")).put("height", t.getInteger("height"))
          .put("background", "/" + t.getString("background"))
          .put("crest", t.getJsonObject("crest").copy())
          .put("name", t.getJsonObject("name").copy())
          .put("team", t.getJsonObject("team").copy());
    }
    return null;
  }

  public JsonArray templates() {
    return raw.getJsonObject("artwork").getJsonArray("templates");
  }

  public JsonObject localized(String lang) { return views.get(lang); }

  /** {@link #localized} encoded once at load: the bytes {@code GET /api/campaign} sends (read-only, shared). */
  public Buffer localizedJson(String lang) { return encoded.get(lang); }
  public String etag(String lang) { return etags.get(lang); }

  private JsonObject view(String lang) {
    JsonArray teamList = new JsonArray();
    teams.values().forEach(t -> teamList.add(t.toJson(lang)));
    JsonObject track = raw.getJsonObject("backingTrack").copy();
    track.put("url", "/" + track.getString("url"));
    JsonObject texts = raw.getJsonObject("texts").getJsonObject(lang).copy();
    return new JsonObject()
        .put("id", id()).put("version", version()).put("lang", lang)
        .put("dir", Locales.RTL.contains(lang) ? "rtl" : "ltr")
        .put("artist", raw.getJsonObject("artist").copy())
        .put("song", raw.getJsonObject("song").copy())
        .put("texts", texts)
        .put("teams", teamList)
        .put("backingTrack", track)
        .put("lyrics", raw.getJsonArray("lyrics").copy())
        .put("keyArt", keyArt(lang))
        .put("cover", coverPreview())
        .put("recording", limits.toJson())
        .put("contest", new JsonObject().put("termsVersion", termsVersion())
            .put("endsAt", raw.getJsonObject("contest").getString("endsAt"))
            .put("terms", texts.getString("contestTerms")));
  }

  private static String etag(JsonObject view) {
    byte[] d = Hashes.sha256(view.encode());
    return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22) + "\"";
  }
}
