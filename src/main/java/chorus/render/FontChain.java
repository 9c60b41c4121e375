package chorus.render;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The artwork fonts, in fallback order, loaded from files (never the machine's fonts) so every machine
 * draws the same pixels. Thread-safe and immutable after construction.
 */
public final class FontChain {
  private final List<Font> fonts;
  private final List<String> files;
  private final ConcurrentHashMap<Long, Font> sized = new ConcurrentHashMap<>();

  private FontChain(List<Font> fonts, List<String> files) {
    this.fonts = List.copyOf(fonts);
    this.files = List.copyOf(files);
  }

  /** Loads the fonts named, one a line, in {@code dir/chain.txt} ('#' starts a comment). */
  public static FontChain load(Path dir) {
    List<Font> fonts = new ArrayList<>();
    List<String> files = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(dir.resolve("chain.txt"))) {
        String name = line.strip();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        try (InputStream in = Files.newInputStream(dir.resolve(name))) {
          fonts.add(Font.createFont(Font.TRUETYPE_FONT, in));
          files.add(name);
        } catch (FontFormatException e) {
          throw new IllegalArgumentException("not a TrueType font: " + dir.resolve(name), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fonts from " + dir, e);
    }
    if (fonts.isEmpty()) {
      throw new IllegalArgumentException("no fonts listed in " + dir.resolve("chain.txt"));
    }
    return new FontChain(fonts, files);
  }

  public int size() {
    return fonts.size();
  }

  public String fileName(int index) {
    return files.get(index);
  }

  /**
   * Index of the font to draw {@code cluster} with: {@code preferred} if it covers the whole cluster
   * (keeps runs long, e.g. spaces inside Arabic), else the first font of the chain that does, else -1.
   */
  public int indexFor(String cluster, int preferred) {
    if (preferred >= 0 && fonts.get(preferred).canDisplayUpTo(cluster) == -1) {
      return preferred;
    }
    for (int i = 0; i < fonts.size(); i++) {
      if (fonts.get(i).canDisplayUpTo(cluster) == -1) {
        return i;
      }
    }
    return -1;
  }

  /** Font {@code index} at {@code size} pixels (cached: deriving fonts is not free). */
  public Font font(int index, float size) {
    long key = ((long) index << 32) | Float.floatToIntBits(size);
    return sized.computeIfAbsent(key, k -> fonts.get(index).deriveFont(size));
  }
}
