package chorus.render;

import io.vertx.core.json.JsonObject;

/**
 * One artwork template of the campaign (conf/campaign.json, artwork.templates[]): size, background
 * (a JPEG of exactly that size, path relative to the webroot), where the crest goes and the two text
 * boxes.
 */
public record TemplateSpec(String id, int width, int height, String background, CrestSpot crest,
    TextStyle name, TextStyle team) {

  /** Square crest placement, pixels from the template's top-left. */
  public record CrestSpot(int x, int y, int size) {}

  public TemplateSpec {
    if (id == null || !id.matches("[a-z0-9-]{1,40}")) {
      throw new IllegalArgumentException("bad template id: " + id);
    }
    if (width < 16 || height < 16 || width > 4096 || height > 4096) {
      throw new IllegalArgumentException("template size out of range: " + width + "x" + height);
    }
    if (name.right() > width || name.bottom() > height || team.right() > width || team.bottom() > height) {
      throw new IllegalArgumentException("text box outside template " + id);
    }
  }

  /** Reads one entry of {@code artwork.templates} (schema v1). */
  public static TemplateSpec fromJson(JsonObject t) {
    JsonObject crest = t.getJsonObject("crest");
    JsonObject team = t.getJsonObject("team");
    int teamSize = team.getInteger("size");
    return new TemplateSpec(t.getString("id"), t.getInteger("width"), t.getInteger("height"),
        t.getString("background"),
        new CrestSpot(crest.getInteger("x"), crest.getInteger("y"), crest.getInteger("size")),
        text(t.getJsonObject("name"), t.getJsonObject("name").getInteger("maxLines", 2),
            t.getJsonObject("name").getInteger("maxSize"), t.getJsonObject("name").getInteger("minSize")),
        text(team, 1, teamSize, Math.max(10, teamSize * 2 / 3)));
  }

  private static TextStyle text(JsonObject box, int maxLines, int maxSize, int minSize) {
    return new TextStyle(box.getInteger("x"), box.getInteger("y"), box.getInteger("width"),
        box.getInteger("height"), maxLines, maxSize, minSize, TextStyle.parseColor(box.getString("color")),
        TextStyle.parseAlign(box.getString("align")));
  }
}
