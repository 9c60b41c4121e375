package chorus.render;

/**
 * A team as drawn on an artwork: its id, the label shown (the team's name in the language chosen by the
 * caller) and its crest (a PNG with alpha, path relative to the webroot).
 */
public record TeamSpec(String id, String label, String crest) {
  public TeamSpec {
    if (id == null || !id.matches("[a-z0-9-]{1,40}")) {
      throw new IllegalArgumentException("bad team id: " + id);
    }
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("team label is empty");
    }
  }
}
