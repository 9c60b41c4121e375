package chorus.render;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Everything of one (template, team) artwork that does not depend on the fan: the composed picture
 * (background, legibility scrim, crest, team name), its JPEG encoding with the EXIF stamp, and the
 * pixels of the MCU rows under the name box. A fan's artwork re-encodes only the rows its name touches
 * and splices them into the cached JPEG. Immutable and thread-safe.
 */
final class TemplateBase {
  private static final int SCRIM_ALPHA = 0x66;

  private final TemplateSpec template;
  private final RestartJpeg jpeg;
  private final int firstRow;
  private final int endRow;
  private final byte[] bandPixels;

  TemplateBase(TemplateSpec template, BufferedImage composed, JpegEncoder encoder, String software,
      String copyright) {
    this.template = template;
    this.jpeg = new RestartJpeg(CampaignImages.stamp(encoder.encode(composed), software, copyright));
    TextStyle box = template.name();
    this.firstRow = box.y() / JpegEncoder.MCU;
    this.endRow = Math.min(jpeg.rows(), ceilDiv(box.bottom(), JpegEncoder.MCU));
    byte[] all = ((DataBufferByte) composed.getRaster().getDataBuffer()).getData();
    int from = firstRow * JpegEncoder.MCU * template.width() * 3;
    int to = Math.min(endRow * JpegEncoder.MCU, template.height()) * template.width() * 3;
    this.bandPixels = java.util.Arrays.copyOfRange(all, from, to);
  }

  /** Background plus scrim, crest and team name: the fan-independent picture, 3-byte BGR. */
  static BufferedImage compose(TemplateSpec t, BufferedImage background, BufferedImage crest,
      TextBlock teamName) {
    BufferedImage image = new BufferedImage(t.width(), t.height(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    try {
      g.drawImage(background, 0, 0, null);
      TextStyle box = t.name();
      int top = Math.max(0, box.y() - box.height() / 2);
      int bottom = Math.min(t.height(), box.bottom() + box.height() / 2);
      Color clear = new Color(0, 0, 0, 0);
      Color shade = new Color(0, 0, 0, SCRIM_ALPHA);
      g.setPaint(new LinearGradientPaint(0, top, 0, bottom, new float[] {0f, 0.3f, 0.7f, 1f},
          new Color[] {clear, shade, shade, clear}));
      g.fillRect(0, top, t.width(), bottom - top);
      g.setComposite(AlphaComposite.SrcOver);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      TemplateSpec.CrestSpot spot = t.crest();
      g.drawImage(crest, spot.x(), spot.y(), spot.size(), spot.size(), null);
      teamName.draw(g, t.team().argb());
    } finally {
      g.dispose();
    }
    return image;
  }

  /** The artwork with {@code name} drawn: re-encodes the MCU rows the name's pixels touch. */
  byte[] render(TextBlock name, JpegEncoder encoder) {
    Rectangle ink = name.ink();
    if (ink.isEmpty()) {
      return jpeg.bytes.clone();
    }
    int from = Math.max(firstRow, ink.y / JpegEncoder.MCU);
    int to = Math.min(endRow, ceilDiv(ink.y + ink.height, JpegEncoder.MCU));
    int top = from * JpegEncoder.MCU;
    int bandHeight = Math.min(to * JpegEncoder.MCU, template.height()) - top;
    BufferedImage band = new BufferedImage(template.width(), bandHeight, BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) band.getRaster().getDataBuffer()).getData();
    System.arraycopy(bandPixels, (top - firstRow * JpegEncoder.MCU) * template.width() * 3, dst, 0, dst.length);
    Graphics2D g = band.createGraphics();
    try {
      g.translate(0, -top);
      name.draw(g, template.name().argb());
    } finally {
      g.dispose();
    }
    return jpeg.splice(new RestartJpeg(encoder.encode(band)), from);
  }

  /** The cached, fan-independent JPEG (with its EXIF stamp). */
  byte[] baseJpeg() {
    return jpeg.bytes.clone();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
