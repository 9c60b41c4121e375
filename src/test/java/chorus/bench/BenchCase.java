package chorus.bench;

import chorus.render.ArtworkRenderer;
import chorus.render.TeamSpec;
import chorus.render.TemplateSpec;
import chorus.render.TestCampaign;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * One benchmark case (template, script) on the generated test campaign, with the two ways to draw an
 * artwork: {@link #render} (production: cached base, spliced rows) and {@link #plainEncode} (plain
 * Java2D + ImageIO: copy the composed background kept decoded, draw the name, encode the whole image).
 * Names cycle through eight per script so layout is not cached. One instance per thread.
 */
final class BenchCase {
  static final List<String> LATIN = List.of("Antoine Griezmann", "Zoë Ångström", "Łukasz Żółć",
      "Ólafur Grímsson", "Çağlar Söyüncü", "Ana Sofia Ribeiro", "Jean-Pierre Dubois", "Mia Schmidt");
  static final List<String> CJK = List.of("山田太郎", "さくら ひなた", "张伟", "王芳芳", "陳冠希",
      "손흥민", "김민재", "佐藤 花子");
  static final List<String> ARABIC = List.of("محمد صلاح", "عبد الرحمن", "ياسين بونو", "رياض محرز",
      "حكيم زياش", "سالم الدوسري", "نور الهدى", "ليلى أحمد");

  private final ArtworkRenderer renderer;
  private final TemplateSpec spec;
  private final TeamSpec team;
  private final List<String> names;
  private final byte[] composed;
  private final ImageWriter writer;
  private final ImageWriteParam param;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
  private int next;

  BenchCase(String template, String script) {
    TestCampaign campaign = TestCampaign.shared();
    renderer = campaign.renderer();
    spec = campaign.template(template);
    team = campaign.aurora;
    names = switch (script) {
      case "latin" -> LATIN;
      case "cjk" -> CJK;
      case "arabic" -> ARABIC;
      default -> throw new IllegalArgumentException("script must be latin, cjk or arabic: " + script);
    };
    renderer.prepare(spec, team);
    // the composed picture with a one-dot name: the plain path's "background kept decoded"
    composed = ((DataBufferByte) renderer.renderImage(spec, team, ".").getRaster().getDataBuffer()).getData();
    writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.86f);
  }

  byte[] render() {
    return renderer.render(spec, team, names.get(next++ & 7));
  }

  byte[] plainEncode() throws IOException {
    BufferedImage image = new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_3BYTE_BGR);
    System.arraycopy(composed, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0,
        composed.length);
    Graphics2D g = image.createGraphics();
    renderer.layoutName(spec, names.get(next++ & 7)).draw(g, spec.name().argb());
    g.dispose();
    out.reset();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image, null, null), param);
    }
    return out.toByteArray();
  }
}
