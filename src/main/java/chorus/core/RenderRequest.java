package chorus.core;

import io.vertx.core.json.JsonObject;

/** Event bus body of {@code render.artwork}: who to draw, in which language for the team's name. */
public record RenderRequest(String name, String team, String lang) {

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("team", team).put("lang", lang);
  }

  public static RenderRequest fromJson(JsonObject json) {
    return new RenderRequest(json.getString("name"), json.getString("team"), json.getString("lang"));
  }
}
