package chorus.render;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Pixel comparisons for image tests. */
final class Pixels {
  private Pixels() {}

  /** Mean absolute difference per RGB channel (0..255) of two images of the same size. */
  static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      throw new IllegalArgumentException("sizes differ");
    }
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        sum += Math.abs(((p >> 16) & 255) - ((q >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((q >> 8) & 255))
            + Math.abs((p & 255) - (q & 255));
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  static BufferedImage scale(BufferedImage image, int width, int height) {
    BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    var g = small.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(image.getScaledInstance(width, height, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
    g.dispose();
    return small;
  }
}
