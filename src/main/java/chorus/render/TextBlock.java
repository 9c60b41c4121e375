package chorus.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.util.List;

/**
 * Text fitted into a box: shaped lines with their positions, the font size chosen and the pixel bounds
 * of everything drawn (template coordinates), which lie inside the box.
 */
public record TextBlock(List<Line> lines, float size, Rectangle ink) {

  /** A shaped line with the left end of its baseline at (x, baseline). */
  public record Line(ShapedLine shaped, float x, float baseline) {}

  /** Draws the text in {@code argb}; {@code g} is translated so that template coordinates apply. */
  public void draw(Graphics2D g, int argb) {
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setColor(new Color(argb, true));
    for (Line line : lines) {
      line.shaped().draw(g, line.x(), line.baseline());
    }
  }
}
