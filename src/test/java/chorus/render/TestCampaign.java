package chorus.render;

import io.vertx.core.json.JsonObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A stand-alone test campaign: four templates with the schema's sizes, photographic-looking
 * backgrounds (smooth light, fractal texture, bokeh, sensor grain) and crests, all generated here
 * deterministically so tests and benchmarks need nothing from outside the repository.
 */
public final class TestCampaign {
  public static final Path FONTS = Path.of("fonts");
  private static final String TEMPLATES = """
      [
       {"id":"cover","width":1400,"height":1400,"background":"campaign/artwork/cover.jpg",
        "crest":{"x":1080,"y":60,"size":260},
        "name":{"x":100,"y":1060,"width":1200,"height":220,"maxLines":2,"maxSize":120,"minSize":48,
                "color":"#ffffff","align":"center"},
        "team":{"x":100,"y":1300,"width":1200,"height":60,"size":44,"color":"#ffffffcc","align":"center"}},
       {"id":"facebook","width":1200,"height":630,"background":"campaign/artwork/facebook.jpg",
        "crest":{"x":40,"y":40,"size":180},
        "name":{"x":60,"y":380,"width":1080,"height":160,"maxLines":2,"maxSize":96,"minSize":40,
                "color":"#ffffff","align":"center"},
        "team":{"x":60,"y":556,"width":1080,"height":50,"size":36,"color":"#ffffffcc","align":"center"}},
       {"id":"x","width":1200,"height":600,"background":"campaign/artwork/x.jpg",
        "crest":{"x":40,"y":40,"size":170},
        "name":{"x":60,"y":360,"width":1080,"height":150,"maxLines":2,"maxSize":90,"minSize":38,
                "color":"#ffffff","align":"center"},
        "team":{"x":60,"y":530,"width":1080,"height":46,"size":34,"color":"#ffffffcc","align":"center"}},
       {"id":"story","width":1080,"height":1920,"background":"campaign/artwork/story.jpg",
        "crest":{"x":400,"y":260,"size":280},
        "name":{"x":60,"y":1300,"width":960,"height":300,"maxLines":2,"maxSize":130,"minSize":52,
                "color":"#ffffff","align":"center"},
        "team":{"x":60,"y":1620,"width":960,"height":70,"size":48,"color":"#ffffffcc","align":"center"}}
      ]""";

  public final Path webroot;
  public final List<TemplateSpec> templates = new ArrayList<>();
  public final TeamSpec aurora = new TeamSpec("aurora", "Aurora", "campaign/crests/aurora.png");
  public final TeamSpec tide = new TeamSpec("tide", "Tide FC", "campaign/crests/tide.png");

  private static TestCampaign shared;

  /** One campaign in a temporary webroot, shared by the tests and benchmarks of a JVM. */
  public static synchronized TestCampaign shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("chorus-render-campaign");
        dir.toFile().deleteOnExit();
        shared = new TestCampaign(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  public TestCampaign(Path webroot) {
    this.webroot = webroot;
    try {
      Files.createDirectories(webroot.resolve("campaign/artwork"));
      Files.createDirectories(webroot.resolve("campaign/crests"));
      for (Object o : new io.vertx.core.json.JsonArray(TEMPLATES)) {
        TemplateSpec t = TemplateSpec.fromJson((JsonObject) o);
        templates.add(t);
        ImageIO.write(photo(t.width(), t.height(), t.id().hashCode()), "jpeg", webroot.resolve(t.background()).toFile());
      }
      ImageIO.write(crest(new Color(0x1d4ed8), new Color(0xfacc15)), "png", webroot.resolve(aurora.crest()).toFile());
      ImageIO.write(crest(new Color(0x0f766e), new Color(0xf8fafc)), "png", webroot.resolve(tide.crest()).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TemplateSpec template(String id) {
    return templates.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
  }

  public ArtworkRenderer renderer() {
    return new ArtworkRenderer(FontChain.load(FONTS),
        new ArtworkRenderer.Options("demo", 1, webroot, "Test campaign", 0.86f));
  }

  /** A night-stadium-like photograph: sky gradient, fractal clouds, soft light discs, grain. */
  static BufferedImage photo(int w, int h, long seed) {
    Random random = new Random(seed);
    float[] noise = new float[w * h];
    for (int octave = 0, cell = 256; cell >= 4; octave++, cell /= 2) {
      addValueNoise(noise, w, h, cell, 1f / (1 << octave), random);
    }
    float[][] lights = new float[24][];
    for (int i = 0; i < lights.length; i++) {
      lights[i] = new float[] {random.nextFloat() * w, random.nextFloat() * h * 0.7f,
          20 + random.nextFloat() * w / 12f, 0.3f + random.nextFloat() * 0.6f};
    }
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < h; y++) {
      float v = (float) y / h;
      for (int x = 0; x < w; x++) {
        float n = noise[y * w + x];
        float glow = 0;
        for (float[] l : lights) {
          float dx = x - l[0];
          float dy = y - l[1];
          float d2 = (dx * dx + dy * dy) / (l[2] * l[2]);
          if (d2 < 1) {
            glow += l[3] * (1 - d2 * d2);
          }
        }
        float r = 20 + 150 * v * v + 60 * n + 200 * glow;
        float g = 25 + 70 * v + 45 * n + 170 * glow;
        float b = 70 + 60 * (1 - v) + 50 * n + 120 * glow;
        float grain = (float) random.nextGaussian() * 5;
        int i = (y * w + x) * 3;
        bgr[i] = clamp(b + grain);
        bgr[i + 1] = clamp(g + grain);
        bgr[i + 2] = clamp(r + grain);
      }
    }
    return image;
  }

  private static void addValueNoise(float[] out, int w, int h, int cell, float amp, Random random) {
    int gw = w / cell + 2;
    int gh = h / cell + 2;
    float[] grid = new float[gw * gh];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = random.nextFloat() - 0.5f;
    }
    for (int y = 0; y < h; y++) {
      int gy = y / cell;
      float fy = smooth((y % cell) / (float) cell);
      for (int x = 0; x < w; x++) {
        int gx = x / cell;
        float fx = smooth((x % cell) / (float) cell);
        float top = lerp(grid[gy * gw + gx], grid[gy * gw + gx + 1], fx);
        float bottom = lerp(grid[(gy + 1) * gw + gx], grid[(gy + 1) * gw + gx + 1], fx);
        out[y * w + x] += amp * lerp(top, bottom, fy);
      }
    }
  }

  private static float smooth(float t) {
    return t * t * (3 - 2 * t);
  }

  private static float lerp(float a, float b, float t) {
    return a + (b - a) * t;
  }

  private static byte clamp(float v) {
    return (byte) Math.max(0, Math.min(255, Math.round(v)));
  }

  /** A 256x256 shield with alpha in two colours. */
  static BufferedImage crest(Color primary, Color secondary) {
    BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    Path2D shield = new Path2D.Float();
    shield.moveTo(28, 24);
    shield.lineTo(228, 24);
    shield.lineTo(228, 120);
    shield.curveTo(228, 190, 170, 222, 128, 244);
    shield.curveTo(86, 222, 28, 190, 28, 120);
    shield.closePath();
    g.setColor(primary);
    g.fill(shield);
    g.setColor(secondary);
    g.setStroke(new BasicStroke(12));
    g.draw(shield);
    g.fillRect(112, 40, 32, 170);
    g.dispose();
    return image;
  }
}
