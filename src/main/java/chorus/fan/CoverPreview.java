package chorus.fan;

import chorus.campaign.Campaign;
import chorus.core.Hashes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HexFormat;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The cover template's background at the size the page's live preview draws it (half the template), made once when
 * the process starts and served at a content-hashed path, cached for a year. The full background is a few hundred
 * kilobytes of film grain; averaged down to the preview's size it is a tenth of that, so picking a team keeps the
 * page inside its weight budget.
 */
final class CoverPreview {
  static final double SCALE = 0.5;
  private static final float QUALITY = 0.8f;

  private final String path;
  private final Buffer jpeg;

  private CoverPreview(String path, Buffer jpeg) {
    this.path = path;
    this.jpeg = jpeg;
  }

  /** From the campaign's {@code cover} template; null when it has none. */
  static CoverPreview of(Campaign campaign, Path webroot) {
    JsonObject cover = campaign.localized(chorus.campaign.Locales.FALLBACK).getJsonObject("cover");
    if (cover == null) return null;
    Path file = webroot.resolve(cover.getString("background").substring(1));
    try {
      BufferedImage src = ImageIO.read(file.toFile());
      if (src == null) throw new IOException("not an image");
      int w = (int) Math.round(cover.getInteger("width") * SCALE);
      int h = (int) Math.round(cover.getInteger("height") * SCALE);
      BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = small.createGraphics();
      g.drawImage(src.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING), 0, 0, null);
      g.dispose();
      byte[] bytes = encode(small);
      String hash = HexFormat.of().formatHex(Hashes.sha256(bytes)).substring(0, 10);
      return new CoverPreview("/preview/cover." + hash + ".jpg", Buffer.buffer(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("the cover's background is not readable: " + file, e);
    }
  }

  /** The site path the preview background is served at (changes with its content). */
  String path() {
    return path;
  }

  void handle(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "image/jpeg")
        .putHeader("Cache-Control", "public, max-age=31536000, immutable")
        .end(jpeg);
  }

  private static byte[] encode(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = writer.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(QUALITY);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream os = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(os);
      writer.write(null, new IIOImage(image, null, null), p);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
