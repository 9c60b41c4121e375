package chorus.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.font.GlyphVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FontChainTest {
  private static final FontChain CHAIN = FontChain.load(TestCampaign.FONTS);

  @Test
  void everyClusterOfEveryFixtureNameIsCoveredByTheChain() {
    List<String> names = FanNames.toRender();
    assertThat(names).hasSizeGreaterThan(20);
    List<String> uncovered = new ArrayList<>();
    for (String name : names) {
      String text = TextFitter.normalize(name);
      BreakIterator it = BreakIterator.getCharacterInstance();
      it.setText(text);
      for (int s = it.first(), e = it.next(); e != BreakIterator.DONE; s = e, e = it.next()) {
        if (CHAIN.indexFor(text.substring(s, e), -1) < 0) {
          uncovered.add(name + " @" + s);
        }
      }
    }
    assertThat(uncovered).isEmpty();
  }

  @Test
  void scriptsOfTheIssueAreCovered() {
    String[] samples = {"Đặng Thị Ngọc", "Γιώργος", "Андрей", "محمد", "יוסי", "सचिन", "সৌরভ", "தமிழ்",
        "ธนา", "ქართული", "Հայերեն", "ሰላም", "손흥민", "さくら カタカナ", "张伟", "陳冠希", "\u26BD"};
    for (String sample : samples) {
      for (int i = 0; i < sample.length(); i = sample.offsetByCodePoints(i, 1)) {
        String cp = new String(Character.toChars(sample.codePointAt(i)));
        assertThat(CHAIN.indexFor(cp, -1)).as("font for %s in %s", cp, sample).isGreaterThanOrEqualTo(0);
      }
    }
  }

  @Test
  void shapedFixtureNamesHaveNoMissingGlyphs() {
    NameShaper shaper = new NameShaper(CHAIN);
    for (String name : FanNames.toRender()) {
      ShapedLine line = shaper.shape(TextFitter.normalize(name), 64);
      assertThat(line.width()).as(name).isPositive();
      for (ShapedLine.Run run : line.runs()) {
        GlyphVector gv = run.glyphs();
        int missing = gv.getFont().getMissingGlyphCode();
        for (int g = 0; g < gv.getNumGlyphs(); g++) {
          assertThat(gv.getGlyphCode(g)).as("glyph %d of %s in %s", g, name, CHAIN.fileName(run.fontIndex()))
              .isNotEqualTo(missing);
        }
      }
    }
  }

  @Test
  void emojiComesFromTheMonochromeEmojiFontAndLatinFromNotoSans() {
    ShapedLine line = new NameShaper(CHAIN).shape("Ana \u26BD", 64);
    assertThat(line.runs()).extracting(r -> CHAIN.fileName(r.fontIndex()))
        .containsExactly("NotoSans_700Bold.ttf", "NotoEmoji_700Bold.ttf");
  }

  @Test
  void fontsFolderStaysUnderSixtyMegabytesWithALicenceBesideEachFont() throws Exception {
    long total = 0;
    try (var files = Files.list(TestCampaign.FONTS)) {
      for (Path f : files.toList()) {
        total += Files.size(f);
        String file = f.getFileName().toString();
        if (file.endsWith(".ttf")) {
          String licence = file.replace("_700Bold.ttf", "-OFL.txt");
          assertThat(TestCampaign.FONTS.resolve(licence)).exists();
          assertThat(Files.readString(TestCampaign.FONTS.resolve(licence))).contains("SIL Open Font License");
          assertThat(Files.readString(TestCampaign.FONTS.resolve("README.md"))).contains(file);
        }
      }
    }
    assertThat(total).isLessThan(60L * 1024 * 1024);
  }
}
