package chorus.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compares the name box of rendered artworks, at half resolution, with committed reference PNGs (mean
 * absolute difference, not bytes, so a JDK or libjpeg update that moves a few pixels passes while a
 * broken layout fails). Regenerate after an intended change with {@code -Drender.golden.update=true}.
 */
class GoldenImageTest {
  private static final Path GOLDEN = Path.of("src/test/resources/render");
  private static final double TOLERANCE = 2.0;

  private static final TestCampaign campaign = TestCampaign.shared();
  private static final ArtworkRenderer renderer = campaign.renderer();

  @ParameterizedTest
  @CsvSource({"facebook, Zoë Ångström, golden-facebook-latin.png",
      "facebook, محمد صلاح, golden-facebook-arabic.png",
      "cover, Hubert Blaine Wolfeschlegelsteinhausenbergerdorff, golden-cover-long.png",
      "story, सचिन तेंदुलकर, golden-story-devanagari.png"})
  void nameBoxMatchesTheReference(String templateId, String name, String file) throws Exception {
    TemplateSpec template = campaign.template(templateId);
    BufferedImage actual = nameBox(template, name);
    File reference = GOLDEN.resolve(file).toFile();
    if (Boolean.getBoolean("render.golden.update")) {
      Files.createDirectories(GOLDEN);
      ImageIO.write(actual, "png", reference);
    }
    BufferedImage expected = ImageIO.read(reference);
    assertThat(expected).as("reference %s (generate with -Drender.golden.update=true)", file).isNotNull();
    assertThat(Pixels.meanAbsoluteDifference(actual, expected)).as(file).isLessThan(TOLERANCE);
    BufferedImage other = nameBox(template, name.substring(0, name.length() - 2) + "xx");
    assertThat(Pixels.meanAbsoluteDifference(other, expected)).as("a different text is told apart")
        .isGreaterThan(TOLERANCE);
  }

  private static BufferedImage nameBox(TemplateSpec t, String name) throws Exception {
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(renderer.render(t, campaign.aurora, name)));
    TextStyle box = t.name();
    BufferedImage crop = decoded.getSubimage(box.x(), box.y(), box.width(), box.height());
    return Pixels.scale(crop, box.width() / 2, box.height() / 2);
  }
}
