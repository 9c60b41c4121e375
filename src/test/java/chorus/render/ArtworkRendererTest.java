package chorus.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.ImageFormats;
import org.apache.commons.imaging.ImageInfo;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.junit.jupiter.api.Test;

class ArtworkRendererTest {
  private static final Map<String, int[]> SIZES = Map.of("cover", new int[] {1400, 1400},
      "facebook", new int[] {1200, 630}, "x", new int[] {1200, 600}, "story", new int[] {1080, 1920});

  private static final TestCampaign campaign = TestCampaign.shared();
  private static final ArtworkRenderer renderer = campaign.renderer();

  @Test
  void everyTemplateGivesABaselineJpegOfItsSizeWithTheExifStamp() throws Exception {
    assertThat(campaign.templates).extracting(TemplateSpec::id).containsExactlyInAnyOrderElementsOf(SIZES.keySet());
    for (TemplateSpec t : campaign.templates) {
      byte[] jpeg = renderer.render(t, campaign.aurora, "Zoë Ångström");
      ImageInfo info = Imaging.getImageInfo(jpeg);
      assertThat(info.getFormat()).isEqualTo(ImageFormats.JPEG);
      assertThat(info.isProgressive()).isFalse();
      assertThat(new int[] {info.getWidth(), info.getHeight()}).containsExactly(SIZES.get(t.id()));
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
      assertThat(decoded.getWidth()).isEqualTo(t.width());
      assertThat(decoded.getHeight()).isEqualTo(t.height());
      JpegImageMetadata meta = (JpegImageMetadata) Imaging.getMetadata(jpeg);
      assertThat(meta.findExifValue(TiffTagConstants.TIFF_TAG_SOFTWARE).getStringValue())
          .isEqualTo(ArtworkRenderer.SOFTWARE);
      assertThat(meta.findExifValue(TiffTagConstants.TIFF_TAG_COPYRIGHT).getStringValue())
          .isEqualTo("Test campaign");
    }
  }

  @Test
  void sameInputsGiveIdenticalBytesAcrossRendererInstances() {
    ArtworkRenderer other = campaign.renderer();
    for (TemplateSpec t : campaign.templates) {
      byte[] first = renderer.render(t, campaign.tide, "محمد صلاح");
      assertThat(other.render(t, campaign.tide, "محمد صلاح")).isEqualTo(first);
      assertThat(renderer.render(t, campaign.tide, "محمد صلاح")).isEqualTo(first);
      assertThat(renderer.render(t, campaign.tide, "محمد صلاحا")).isNotEqualTo(first);
      assertThat(renderer.render(t, campaign.aurora, "محمد صلاح")).isNotEqualTo(first);
    }
  }

  @Test
  void splicedJpegIsByteIdenticalToEncodingTheWholeArtworkAtOnce() {
    for (TemplateSpec t : campaign.templates) {
      for (String name : new String[] {"Ana", "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff", "ธนา ชื่นบาน"}) {
        assertThat(renderer.render(t, campaign.aurora, name)).as("%s %s", t.id(), name)
            .isEqualTo(renderer.renderWhole(t, campaign.aurora, name));
      }
    }
  }

  @Test
  void nameBoxOnThePartialLastRowOfBlocksIsSplicedToo() {
    TemplateSpec fb = campaign.template("facebook");
    TextStyle low = new TextStyle(60, 590, 1080, 40, 2, 40, 16, 0xFFFFFFFF, TextStyle.Align.RIGHT);
    TextStyle team = new TextStyle(60, 20, 1080, 50, 1, 36, 24, 0xCCFFFFFF, TextStyle.Align.LEFT);
    TemplateSpec bottom = new TemplateSpec("bottom", 1200, 630, fb.background(), fb.crest(), low, team);
    assertThat(renderer.layoutName(bottom, "gjpqy").ink().getMaxY()).as("ink reaches the last 6 lines")
        .isGreaterThan(624);
    for (String name : new String[] {"gjpqy", "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff"}) {
      assertThat(renderer.render(bottom, campaign.aurora, name))
          .isEqualTo(renderer.renderWhole(bottom, campaign.aurora, name));
    }
  }

  @Test
  void decodedArtworkMatchesTheUncompressedCompositionWithinJpegTolerance() throws Exception {
    for (TemplateSpec t : campaign.templates) {
      String name = "Đặng Thị Ngọc Thịnh";
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(renderer.render(t, campaign.tide, name)));
      BufferedImage exact = renderer.renderImage(t, campaign.tide, name);
      assertThat(Pixels.meanAbsoluteDifference(decoded, exact)).as(t.id()).isLessThan(3.0);
      BufferedImage withoutName = renderer.renderImage(t, campaign.tide, "x");
      assertThat(Pixels.meanAbsoluteDifference(decoded, withoutName)).as("the name is visible").isGreaterThan(0.2);
    }
  }

  @Test
  void everyFixtureNameRenders() throws Exception {
    TemplateSpec facebook = campaign.template("facebook");
    for (String name : FanNames.toRender()) {
      byte[] jpeg = renderer.render(facebook, campaign.aurora, name);
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
      assertThat(decoded.getWidth()).as(name).isEqualTo(1200);
      TextFitterTest.assertInside(renderer.layoutName(facebook, name), facebook.name());
    }
  }

  @Test
  void concurrentRendersFromManyThreadsGiveTheSameBytes() throws Exception {
    TemplateSpec x = campaign.template("x");
    String[] names = {"Łukasz Żółć", "손흥민", "יוסי בניון", "Ana \u26BD"};
    ArtworkRenderer fresh = campaign.renderer();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var futures = new java.util.ArrayList<java.util.concurrent.Future<byte[]>>();
      for (int i = 0; i < 16; i++) {
        String name = names[i % names.length];
        futures.add(pool.submit(() -> fresh.render(x, campaign.tide, name)));
      }
      for (int i = 0; i < futures.size(); i++) {
        assertThat(futures.get(i).get()).isEqualTo(renderer.render(x, campaign.tide, names[i % names.length]));
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aCacheOfOneBaseEvictsAndRebuildsWithoutChangingOutput() {
    TemplateSpec fb = campaign.template("facebook");
    ArtworkRenderer tiny = new ArtworkRenderer(FontChain.load(TestCampaign.FONTS),
        new ArtworkRenderer.Options("demo", 1, campaign.webroot, "Test campaign", 0.86f, 1));
    for (TeamSpec team : new TeamSpec[] {campaign.aurora, campaign.tide, campaign.aurora}) {
      assertThat(tiny.render(fb, team, "Ana")).isEqualTo(renderer.render(fb, team, "Ana"));
    }
  }

  @Test
  void keysAreContentDerived() {
    TemplateSpec fb = campaign.template("facebook");
    RenderKey key = renderer.key(fb, campaign.aurora, "Ana");
    assertThat(key.hex()).matches("[0-9a-f]{64}");
    assertThat(renderer.key(fb, campaign.aurora, " Ana ")).isEqualTo(key);
    assertThat(renderer.key(fb, campaign.tide, "Ana")).isNotEqualTo(key);
    assertThat(renderer.key(campaign.template("x"), campaign.aurora, "Ana")).isNotEqualTo(key);
    assertThat(RenderKey.of("demo", 2, "facebook", campaign.aurora, "Ana")).isNotEqualTo(key);
    assertThat(RenderKey.of("demo", 1, "facebook", campaign.aurora, "Ana")).isEqualTo(key);
    assertThat(key.path("artwork")).isEqualTo("artwork/" + key.hex().substring(0, 2) + "/" + key.hex() + ".jpg");
  }

  @Test
  void badCampaignImagesAreRefusedAtLoad() {
    TemplateSpec fb = campaign.template("facebook");
    TemplateSpec wrongSize = new TemplateSpec("facebook", 1180, 630, fb.background(), fb.crest(), fb.name(), fb.team());
    assertThatThrownBy(() -> renderer.render(wrongSize, campaign.aurora, "Ana"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1180x630");
    TeamSpec notPng = new TeamSpec("odd", "Odd", fb.background());
    assertThatThrownBy(() -> renderer.render(fb, notPng, "Ana"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PNG");
    TeamSpec escaping = new TeamSpec("esc", "Esc", "../../etc/passwd");
    assertThatThrownBy(() -> renderer.render(fb, escaping, "Ana"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webroot");
  }
}
