package chorus.render;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.font.GlyphVector;
import java.util.List;

/**
 * One line of text shaped into glyph runs, each run one font and one direction, placed left to right in
 * visual order starting at x = 0 on the baseline y = 0.
 *
 * @param text the line's characters (logical order)
 * @param runs runs in visual order (left to right)
 * @param width total advance in pixels
 */
public record ShapedLine(String text, List<Run> runs, float width) {

  /**
   * @param glyphs shaped glyphs (visual order, positions relative to {@code x})
   * @param x left edge of the run on the line
   * @param start first character of the run in {@link #text}
   * @param limit end (exclusive) of the run in {@link #text}
   * @param rtl whether the run is right to left
   * @param fontIndex index of its font in the {@link FontChain}
   */
  public record Run(GlyphVector glyphs, float x, int start, int limit, boolean rtl, int fontIndex) {}

  /** Pixel bounds of the line drawn with its baseline origin at (x, y). */
  Rectangle pixelBounds(float x, float y) {
    Rectangle bounds = null;
    for (Run run : runs) {
      if (run.glyphs.getNumGlyphs() == 0) {
        continue;
      }
      Rectangle r = run.glyphs.getPixelBounds(null, x + run.x, y);
      if (r.isEmpty()) {
        continue;
      }
      bounds = bounds == null ? r : bounds.union(r);
    }
    return bounds == null ? new Rectangle((int) x, (int) y, 0, 0) : bounds;
  }

  void draw(Graphics2D g, float x, float y) {
    for (Run run : runs) {
      g.drawGlyphVector(run.glyphs, x + run.x, y);
    }
  }
}
