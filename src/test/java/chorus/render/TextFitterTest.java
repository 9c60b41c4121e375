package chorus.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.font.GlyphVector;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextFitterTest {
  private static final FontChain CHAIN = FontChain.load(TestCampaign.FONTS);
  private static final TextFitter FITTER = new TextFitter(CHAIN);
  private static final TextStyle FACEBOOK = new TextStyle(60, 380, 1080, 160, 2, 96, 40, 0xFFFFFFFF,
      TextStyle.Align.CENTER);

  @Test
  void shortNameStaysOnOneLineAtMaximumSize() {
    TextBlock block = FITTER.fit("Ana", FACEBOOK);
    assertThat(block.lines()).hasSize(1);
    assertThat(block.size()).isEqualTo(96f);
    assertInside(block, FACEBOOK);
  }

  @Test
  void longerNameShrinksBeforeItWraps() {
    TextBlock block = FITTER.fit("Antoine Griezmann Fernández", FACEBOOK);
    assertThat(block.lines()).hasSize(1);
    assertThat(block.size()).isLessThan(96f).isGreaterThanOrEqualTo(40f);
    assertInside(block, FACEBOOK);
  }

  @Test
  void nameTooLongForOneLineWrapsToTwoBalancedLines() {
    TextStyle narrow = new TextStyle(100, 100, 900, 200, 2, 80, 40, 0xFFFFFFFF, TextStyle.Align.CENTER);
    TextBlock block = FITTER.fit("Hubert Blaine Wolfeschlegelsteinhausenbergerdorff", narrow);
    assertThat(block.lines()).hasSize(2);
    assertThat(block.lines()).extracting(l -> l.shaped().text())
        .containsExactly("Hubert Blaine", "Wolfeschlegelsteinhausenbergerdorff");
    assertThat(block.size()).isGreaterThanOrEqualTo(40f);
    assertInside(block, narrow);
  }

  @Test
  void wordTooWideForTheBoxBreaksBetweenGraphemeClusters() {
    TextStyle narrow = new TextStyle(100, 100, 600, 200, 2, 80, 40, 0xFFFFFFFF, TextStyle.Align.CENTER);
    TextBlock block = FITTER.fit("Hubert Blaine Wolfeschlegelsteinhausenbergerdorff", narrow);
    assertThat(block.lines()).hasSize(2);
    String joined = block.lines().get(0).shaped().text() + block.lines().get(1).shaped().text();
    assertThat(joined.replace(" ", "")).isEqualTo("HubertBlaineWolfeschlegelsteinhausenbergerdorff");
    assertInside(block, narrow);
  }

  @Test
  void oneEndlessWordBreaksBetweenClustersAndEndsWithAnEllipsis() {
    TextBlock block = FITTER.fit("A".repeat(300), FACEBOOK);
    assertThat(block.lines()).hasSize(2);
    assertThat(block.size()).isEqualTo(40f);
    assertThat(block.lines().get(1).shaped().text()).endsWith("\u2026");
    assertInside(block, FACEBOOK);
  }

  @Test
  void everyFixtureNameFitsEveryTemplateBoxWithoutMissingGlyphs() {
    TestCampaign campaign = TestCampaign.shared();
    for (TemplateSpec t : campaign.templates) {
      for (String name : FanNames.toRender()) {
        TextBlock block = FITTER.fit(name, t.name());
        assertInside(block, t.name());
        assertThat(block.size()).as(name).isGreaterThanOrEqualTo(t.name().minSize());
        for (TextBlock.Line line : block.lines()) {
          for (ShapedLine.Run run : line.shaped().runs()) {
            GlyphVector gv = run.glyphs();
            for (int g = 0; g < gv.getNumGlyphs(); g++) {
              assertThat(gv.getGlyphCode(g)).as(name).isNotEqualTo(gv.getFont().getMissingGlyphCode());
            }
          }
        }
      }
    }
  }

  @Test
  void drawnPixelsStayInsideTheBox() {
    for (String name : List.of("Đặng Thị Ngọc Thịnh", "ธนา ชื่นบาน", "A".repeat(300), "gjpqy ÅÉÎ",
        "सचिन तेंदुलकर")) {
      BufferedImage image = new BufferedImage(1200, 630, BufferedImage.TYPE_3BYTE_BGR);
      var g = image.createGraphics();
      FITTER.fit(name, FACEBOOK).draw(g, 0xFFFFFFFF);
      g.dispose();
      int inked = 0;
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          if ((image.getRGB(x, y) & 0xFFFFFF) != 0) {
            inked++;
            assertThat(FACEBOOK.x() <= x && x < FACEBOOK.right() && FACEBOOK.y() <= y && y < FACEBOOK.bottom())
                .as("pixel (%d,%d) of %s", x, y, name).isTrue();
          }
        }
      }
      assertThat(inked).as(name).isGreaterThan(500);
    }
  }

  @Test
  void arabicIsLaidOutRightToLeft() {
    ShapedLine line = FITTER.fit("محمد صلاح", FACEBOOK).lines().get(0).shaped();
    assertThat(line.runs()).allMatch(ShapedLine.Run::rtl);
    assertThat(xOfChar(line, 0)).isGreaterThan(xOfChar(line, line.text().length() - 1));
    assertThat(xOfChar(line, 0)).isGreaterThan(xOfChar(line, 5));
  }

  @Test
  void mixedNameKeepsLatinLeftToRightAndArabicRightToLeft() {
    ShapedLine line = FITTER.fit("Mo Salah محمد", FACEBOOK).lines().get(0).shaped();
    String text = line.text();
    int arabic = text.indexOf('م');
    assertThat(xOfChar(line, 0)).isLessThan(xOfChar(line, 3));
    assertThat(xOfChar(line, 3)).isLessThan(xOfChar(line, arabic));
    assertThat(xOfChar(line, arabic)).isGreaterThan(xOfChar(line, text.length() - 1));
  }

  @Test
  void arabicLettersAreJoinedNotIsolated() {
    NameShaper shaper = new NameShaper(CHAIN);
    GlyphVector joined = shaper.shape("محمد", 64).runs().get(0).glyphs();
    int contextual = 0;
    for (int g = 0; g < joined.getNumGlyphs(); g++) {
      int index = joined.getGlyphCharIndex(g);
      String alone = String.valueOf("محمد".charAt(index));
      if (shaper.shape(alone, 64).runs().get(0).glyphs().getGlyphCode(0) != joined.getGlyphCode(g)) {
        contextual++;
      }
    }
    assertThat(contextual).as("letters drawn in initial/medial/final forms").isGreaterThanOrEqualTo(3);
  }

  @Test
  void blankNameIsRefused() {
    assertThatThrownBy(() -> FITTER.fit("  \u00A0 ", FACEBOOK)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Left edge of the glyph drawn for character {@code index} of the line. */
  static float xOfChar(ShapedLine line, int index) {
    for (ShapedLine.Run run : line.runs()) {
      GlyphVector gv = run.glyphs();
      for (int g = 0; g < gv.getNumGlyphs(); g++) {
        if (run.start() + gv.getGlyphCharIndex(g) == index) {
          return run.x() + (float) gv.getGlyphPosition(g).getX();
        }
      }
    }
    throw new AssertionError("no glyph for char " + index + " of " + line.text());
  }

  static void assertInside(TextBlock block, TextStyle box) {
    Rectangle ink = block.ink();
    assertThat(ink.isEmpty()).isFalse();
    assertThat(new Rectangle(box.x(), box.y(), box.width(), box.height()).contains(ink))
        .as("ink %s inside box %s", ink, box).isTrue();
  }
}
