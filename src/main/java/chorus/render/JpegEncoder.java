package chorus.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Node;

/**
 * Baseline JPEG encoder (ImageIO, which on Debian's OpenJDK runs the system libjpeg-turbo) writing
 * YCbCr 4:2:0 with the standard Huffman tables, a fixed quality and a restart marker after every
 * row of MCUs. Same quality → same quantisation tables, so rows encoded separately can be spliced
 * (see {@link RestartJpeg}). Not thread-safe: one instance per thread.
 */
final class JpegEncoder {
  static final String FORMAT = "javax_imageio_jpeg_image_1.0";
  /** Height and width of one MCU with 4:2:0 chroma subsampling. */
  static final int MCU = 16;

  private final ImageWriter writer;
  private final ImageWriteParam param;
  private final Map<Integer, IIOMetadata> metadataByWidth = new HashMap<>();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 18);

  JpegEncoder(float quality) {
    ImageIO.setUseCache(false);
    this.writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    this.param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
  }

  /** Encodes a TYPE_3BYTE_BGR image with one restart interval per MCU row. */
  byte[] encode(BufferedImage image) {
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      throw new IllegalArgumentException("expected TYPE_3BYTE_BGR, got type " + image.getType());
    }
    IIOMetadata metadata = metadataByWidth.computeIfAbsent(image.getWidth(), w -> restartMetadata(image, w));
    buffer.reset();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(buffer)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, metadata), param);
      writer.setOutput(null);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding failed", e);
    }
    return buffer.toByteArray();
  }

  static int mcusPerRow(int width) {
    return (width + MCU - 1) / MCU;
  }

  private IIOMetadata restartMetadata(BufferedImage image, int width) {
    IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
    Node tree = metadata.getAsTree(FORMAT);
    Node markers = child(tree, "markerSequence");
    IIOMetadataNode dri = new IIOMetadataNode("dri");
    dri.setAttribute("interval", Integer.toString(mcusPerRow(width)));
    markers.insertBefore(dri, child(markers, "sof"));
    try {
      metadata.setFromTree(FORMAT, tree);
    } catch (IIOInvalidTreeException e) {
      throw new IllegalStateException("JPEG writer refused restart-interval metadata", e);
    }
    return metadata;
  }

  private static Node child(Node parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (name.equals(n.getNodeName())) {
        return n;
      }
    }
    throw new IllegalStateException("JPEG metadata has no " + name + " node");
  }
}
