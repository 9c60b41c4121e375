package chorus.core;

import io.vertx.core.json.JsonObject;

/**
 * Event bus body of {@code render.artwork}: who to draw, in which language for the team's name, and for whom:
 * {@code owner} is a keyed digest of the fan (see {@code chorus.artwork.ArtworkKeys}) mixed into the storage
 * keys, so keys reveal nothing and no two fans share an object; null keys by content alone.
 */
public record RenderRequest(String name, String team, String lang, String owner) {

  public RenderRequest(String name, String team, String lang) {
    this(name, team, lang, null);
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("name", name).put("team", team).put("lang", lang);
    if (owner != null) j.put("owner", owner);
    return j;
  }

  public static RenderRequest fromJson(JsonObject json) {
    return new RenderRequest(json.getString("name"), json.getString("team"), json.getString("lang"), json.getString("owner"));
  }
}
