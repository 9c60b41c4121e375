package chorus.render;

/**
 * Where and how a text is drawn on a template: its box (pixels from the template's top-left), the
 * size range in pixels (shrink from {@code maxSize} toward {@code minSize}, then wrap to
 * {@code maxLines}), its colour as 0xAARRGGBB and its horizontal alignment.
 */
public record TextStyle(int x, int y, int width, int height, int maxLines, float maxSize, float minSize,
    int argb, Align align) {

  /** Horizontal alignment of each line inside the box. */
  public enum Align { LEFT, CENTER, RIGHT }

  public TextStyle {
    if (width <= 0 || height <= 0 || x < 0 || y < 0) {
      throw new IllegalArgumentException("text box must have a positive size at x, y >= 0");
    }
    if (maxLines < 1 || minSize <= 0 || maxSize < minSize) {
      throw new IllegalArgumentException("need maxLines >= 1 and 0 < minSize <= maxSize");
    }
  }

  /** Parses "#rrggbb" or "#rrggbbaa" into 0xAARRGGBB. */
  public static int parseColor(String hex) {
    if (hex == null || !hex.matches("#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?")) {
      throw new IllegalArgumentException("colour must be #rrggbb or #rrggbbaa: " + hex);
    }
    long v = Long.parseLong(hex.substring(1), 16);
    return hex.length() == 7 ? (int) (0xFF000000L | v) : (int) (((v & 0xFF) << 24) | (v >>> 8));
  }

  public static Align parseAlign(String align) {
    return align == null ? Align.CENTER : Align.valueOf(align.toUpperCase(java.util.Locale.ROOT));
  }

  int bottom() {
    return y + height;
  }

  int right() {
    return x + width;
  }
}
