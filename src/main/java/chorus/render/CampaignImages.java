package chorus.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.ImageInfo;
import org.apache.commons.imaging.ImageFormats;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * Campaign images at load time, checked with Apache Commons Imaging before they are decoded (format,
 * exact size, alpha), and the EXIF stamp written once into each cached artwork header.
 */
final class CampaignImages {
  private CampaignImages() {}

  /** A template background: a JPEG of exactly {@code width} x {@code height}, decoded to 3-byte BGR. */
  static BufferedImage background(Path file, int width, int height) {
    byte[] bytes = read(file);
    ImageInfo info = info(file, bytes);
    if (info.getFormat() != ImageFormats.JPEG || info.getWidth() != width || info.getHeight() != height) {
      throw new IllegalArgumentException(file + " must be a " + width + "x" + height + " JPEG, is a "
          + info.getWidth() + "x" + info.getHeight() + " " + info.getFormatName());
    }
    return toBgr(decode(file, bytes));
  }

  /** A team crest: a square PNG with alpha. */
  static BufferedImage crest(Path file) {
    byte[] bytes = read(file);
    ImageInfo info = info(file, bytes);
    if (info.getFormat() != ImageFormats.PNG || !info.isTransparent() || info.getWidth() != info.getHeight()) {
      throw new IllegalArgumentException(file + " must be a square PNG with alpha");
    }
    return decode(file, bytes);
  }

  /** {@code jpeg} with an EXIF block naming the software and the copyright holder (pixels untouched). */
  static byte[] stamp(byte[] jpeg, String software, String copyright) {
    try {
      TiffOutputSet exif = new TiffOutputSet();
      TiffOutputDirectory root = exif.getOrCreateRootDirectory();
      root.add(TiffTagConstants.TIFF_TAG_SOFTWARE, software);
      root.add(TiffTagConstants.TIFF_TAG_COPYRIGHT, copyright);
      ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 512);
      new ExifRewriter().updateExifMetadataLossless(jpeg, out, exif);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write EXIF", e);
    }
  }

  static BufferedImage toBgr(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      return image;
    }
    BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    bgr.createGraphics().drawImage(image, 0, 0, null);
    return bgr;
  }

  private static ImageInfo info(Path file, byte[] bytes) {
    try {
      return Imaging.getImageInfo(bytes);
    } catch (ImagingException e) {
      throw new IllegalArgumentException("not a readable image: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage decode(Path file, byte[] bytes) {
    try {
      BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
      if (image == null) {
        throw new IllegalArgumentException("cannot decode " + file);
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode " + file, e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
