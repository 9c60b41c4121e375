package chorus.render;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.text.BreakIterator;
import java.text.Bidi;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Shapes one line of text: grapheme clusters get a font from the {@link FontChain}, the Unicode
 * bidirectional algorithm orders the runs, and each run is shaped (joining, conjuncts, marks) by the
 * JDK's OpenType layout. Thread-safe.
 */
final class NameShaper {
  /** Anti-aliased, fractional metrics: advances scale linearly with size, the same on every machine. */
  static final FontRenderContext FRC = new FontRenderContext(null, true, true);

  private final FontChain chain;

  NameShaper(FontChain chain) {
    this.chain = chain;
  }

  FontChain chain() {
    return chain;
  }

  ShapedLine shape(String text, float size) {
    char[] chars = text.toCharArray();
    int[] fontOf = fontPerChar(text);
    Bidi bidi = new Bidi(text, Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT);
    int count = bidi.getRunCount();
    byte[] levels = new byte[count];
    Object[] pieces = new Object[count];
    for (int i = 0; i < count; i++) {
      levels[i] = (byte) bidi.getRunLevel(i);
      pieces[i] = fontPieces(bidi.getRunStart(i), bidi.getRunLimit(i), (levels[i] & 1) == 1, fontOf);
    }
    Bidi.reorderVisually(levels, 0, pieces, 0, count);
    List<ShapedLine.Run> runs = new ArrayList<>();
    float x = 0;
    for (Object visual : pieces) {
      @SuppressWarnings("unchecked")
      List<int[]> list = (List<int[]>) visual;
      for (int[] p : list) {
        boolean rtl = p[3] == 1;
        Font font = chain.font(p[2], size);
        GlyphVector gv = font.layoutGlyphVector(FRC, chars, p[0], p[1],
            rtl ? Font.LAYOUT_RIGHT_TO_LEFT : Font.LAYOUT_LEFT_TO_RIGHT);
        runs.add(new ShapedLine.Run(gv, x, p[0], p[1], rtl, p[2]));
        x += (float) gv.getGlyphPosition(gv.getNumGlyphs()).getX();
      }
    }
    return new ShapedLine(text, List.copyOf(runs), x);
  }

  /** Font index of each char, chosen per grapheme cluster (uncovered clusters fall back to font 0). */
  private int[] fontPerChar(String text) {
    int[] fontOf = new int[text.length()];
    BreakIterator clusters = BreakIterator.getCharacterInstance();
    clusters.setText(text);
    int current = -1;
    for (int s = clusters.first(), e = clusters.next(); e != BreakIterator.DONE; s = e, e = clusters.next()) {
      int index = chain.indexFor(text.substring(s, e), current);
      current = index < 0 ? 0 : index;
      for (int i = s; i < e; i++) {
        fontOf[i] = current;
      }
    }
    return fontOf;
  }

  /** Splits a bidi run into same-font pieces {start, limit, font, rtl}, in visual order. */
  private static List<int[]> fontPieces(int start, int limit, boolean rtl, int[] fontOf) {
    List<int[]> pieces = new ArrayList<>(2);
    int s = start;
    for (int i = start + 1; i <= limit; i++) {
      if (i == limit || fontOf[i] != fontOf[s]) {
        pieces.add(new int[] {s, i, fontOf[s], rtl ? 1 : 0});
        s = i;
      }
    }
    if (rtl) {
      Collections.reverse(pieces);
    }
    return pieces;
  }
}
