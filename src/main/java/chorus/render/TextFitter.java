package chorus.render;

import java.awt.Rectangle;
import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a text into a {@link TextStyle} box: one line shrunk from maxSize toward minSize; if it still
 * does not fit, wrapped over up to maxLines (two-line balanced break at a line-break opportunity, or
 * between grapheme clusters for one long word); past that, the last line ends in an ellipsis after a
 * whole grapheme cluster. The result never leaves the box. Thread-safe.
 */
public final class TextFitter {
  private static final float LINE_GAP = 1.15f;
  private static final float CAP = 0.72f;
  private static final String ELLIPSIS = "\u2026";
  private final NameShaper shaper;

  public TextFitter(FontChain chain) {
    this.shaper = new NameShaper(chain);
  }

  /** NFC, variation selectors dropped (monochrome emoji), runs of white space (NBSP etc. too) made one space. */
  public static String normalize(String text) {
    String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
    return nfc.replaceAll("[\uFE0E\uFE0F]", "").replaceAll("[\\s\\p{Z}]+", " ").strip();
  }

  public TextBlock fit(String raw, TextStyle style) {
    String text = normalize(raw);
    if (text.isEmpty()) {
      throw new IllegalArgumentException("nothing to draw");
    }
    float max = style.maxSize();
    float oneLine = Math.min(max, max * style.width() / shaper.shape(text, max).width());
    if (oneLine >= style.minSize()) {
      return place(List.of(text), oneLine, style);
    }
    if (style.maxLines() < 2) {
      return place(List.of(ellipsize(text, style.minSize(), style.width())), style.minSize(), style);
    }
    int cut = balancedBreak(text, max);
    String first = text.substring(0, cut).strip();
    String second = text.substring(cut).strip();
    float widest = Math.max(shaper.shape(first, max).width(), shaper.shape(second, max).width());
    float twoLines = Math.min(max, max * style.width() / widest);
    if (twoLines >= style.minSize()) {
      return place(List.of(first, second), twoLines, style);
    }
    float min = style.minSize();
    cut = longestFit(text, min, style.width());
    first = text.substring(0, cut).strip();
    return place(List.of(first, ellipsize(text.substring(cut).strip(), min, style.width())), min, style);
  }

  /** Lays lines out at {@code size}, centred on the box, shrinking until the pixels fit inside it. */
  private TextBlock place(List<String> texts, float size, TextStyle style) {
    float s = quantize(size);
    for (int attempt = 0; attempt < 40; attempt++) {
      List<ShapedLine> shaped = new ArrayList<>(texts.size());
      float widest = 0;
      for (String t : texts) {
        ShapedLine line = shaper.shape(t, s);
        shaped.add(line);
        widest = Math.max(widest, line.width());
      }
      if (widest > style.width()) {
        s = quantize(Math.min(s - 0.25f, s * style.width() / widest));
        continue;
      }
      float gap = LINE_GAP * s;
      float blockHeight = CAP * s + gap * (texts.size() - 1);
      int baseline = Math.round(style.y() + (style.height() - blockHeight) / 2 + CAP * s);
      TextBlock block = layout(shaped, style, baseline, gap, s);
      Rectangle ink = block.ink();
      if (ink.width > style.width() || ink.height > style.height()) {
        float ratio = Math.min((float) style.width() / ink.width, (float) style.height() / ink.height);
        s = quantize(Math.min(s - 0.25f, s * ratio));
        continue;
      }
      int dy = Math.max(0, style.y() - ink.y) - Math.max(0, ink.y + ink.height - style.bottom());
      int dx = Math.max(0, style.x() - ink.x) - Math.max(0, ink.x + ink.width - style.right());
      return dx == 0 && dy == 0 ? block : shift(block, dx, dy);
    }
    throw new IllegalStateException("text does not fit its box: " + texts);
  }

  private static TextBlock layout(List<ShapedLine> shaped, TextStyle style, int baseline, float gap, float size) {
    List<TextBlock.Line> lines = new ArrayList<>(shaped.size());
    Rectangle ink = null;
    for (int i = 0; i < shaped.size(); i++) {
      ShapedLine line = shaped.get(i);
      float free = style.width() - line.width();
      float x = style.x() + switch (style.align()) {
        case LEFT -> 0;
        case CENTER -> free / 2;
        case RIGHT -> free;
      };
      x = Math.round(x);
      float y = Math.round(baseline + gap * i);
      lines.add(new TextBlock.Line(line, x, y));
      Rectangle r = line.pixelBounds(x, y);
      ink = ink == null ? r : ink.union(r);
    }
    return new TextBlock(List.copyOf(lines), size, ink);
  }

  private static TextBlock shift(TextBlock block, int dx, int dy) {
    List<TextBlock.Line> lines = new ArrayList<>();
    for (TextBlock.Line l : block.lines()) {
      lines.add(new TextBlock.Line(l.shaped(), l.x() + dx, l.baseline() + dy));
    }
    Rectangle ink = new Rectangle(block.ink());
    ink.translate(dx, dy);
    return new TextBlock(List.copyOf(lines), block.size(), ink);
  }

  /** Break index minimising the wider of two lines (line-break opportunities, else grapheme clusters). */
  private int balancedBreak(String text, float size) {
    int[] cuts = boundaries(BreakIterator.getLineInstance(), text);
    if (cuts.length == 0) {
      cuts = boundaries(BreakIterator.getCharacterInstance(), text);
    }
    int lo = 0;
    int hi = cuts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (width(text.substring(0, cuts[mid]), size) >= width(text.substring(cuts[mid]), size)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    if (lo > 0 && widest(text, cuts[lo - 1], size) < widest(text, cuts[lo], size)) {
      return cuts[lo - 1];
    }
    return cuts[lo];
  }

  /** Longest prefix (ending between grapheme clusters) whose width at {@code size} fits. */
  private int longestFit(String text, float size, float width) {
    int[] cuts = boundaries(BreakIterator.getCharacterInstance(), text);
    int lo = 0;
    int hi = cuts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (width(text.substring(0, cuts[mid]), size) <= width) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return cuts.length == 0 ? text.length() : cuts[lo];
  }

  private String ellipsize(String text, float size, float width) {
    if (width(text, size) <= width) {
      return text;
    }
    int cut = longestFit(text, size, width - width(ELLIPSIS, size));
    return text.substring(0, cut).strip() + ELLIPSIS;
  }

  private float widest(String text, int cut, float size) {
    return Math.max(width(text.substring(0, cut), size), width(text.substring(cut), size));
  }

  private float width(String text, float size) {
    String t = text.strip();
    return t.isEmpty() ? 0 : shaper.shape(t, size).width();
  }

  /** Inner boundaries (not 0, not the end) reported by {@code it}. */
  private static int[] boundaries(BreakIterator it, String text) {
    it.setText(text);
    List<Integer> cuts = new ArrayList<>();
    for (int b = it.next(); b != BreakIterator.DONE && b < text.length(); b = it.next()) {
      cuts.add(b);
    }
    return cuts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static float quantize(float size) {
    return Math.max(1f, (float) Math.floor(size * 4) / 4);
  }
}
