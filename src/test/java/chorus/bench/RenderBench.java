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
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Artworks per second on one thread (= per core) for each template size and script, names cycling
 * through a small set so layout is not cached. {@code render} is the production path (cached base,
 * re-encode only the name's MCU rows, splice); {@code plainEncode} is the plain Java2D + ImageIO path
 * with the composed background kept decoded (copy, draw name, encode the whole image).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Djava.awt.headless=true", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 4, time = 2)
public class RenderBench {
  private static final List<String> LATIN = List.of("Antoine Griezmann", "Zoë Ångström", "Łukasz Żółć",
      "Ólafur Grímsson", "Çağlar Söyüncü", "Ana Sofia Ribeiro", "Jean-Pierre Dubois", "Mia Schmidt");
  private static final List<String> CJK = List.of("山田太郎", "さくら ひなた", "张伟", "王芳芳", "陳冠希",
      "손흥민", "김민재", "佐藤 花子");
  private static final List<String> ARABIC = List.of("محمد صلاح", "عبد الرحمن", "ياسين بونو", "رياض محرز",
      "حكيم زياش", "سالم الدوسري", "نور الهدى", "ليلى أحمد");

  @Param({"facebook", "cover", "x", "story"})
  public String template;

  @Param({"latin", "cjk", "arabic"})
  public String script;

  private ArtworkRenderer renderer;
  private TemplateSpec spec;
  private TeamSpec team;
  private List<String> names;
  private int next;
  private byte[] composed;
  private ImageWriter writer;
  private ImageWriteParam param;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);

  @Setup(Level.Trial)
  public void setUp() {
    TestCampaign campaign = TestCampaign.shared();
    renderer = campaign.renderer();
    spec = campaign.template(template);
    team = campaign.aurora;
    names = switch (script) {
      case "latin" -> LATIN;
      case "cjk" -> CJK;
      case "arabic" -> ARABIC;
      default -> throw new IllegalArgumentException(script);
    };
    renderer.prepare(spec, team);
    composed = bgr(renderer.renderImage(spec, team, " ."));
    writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.86f);
  }

  @Benchmark
  public byte[] render() {
    return renderer.render(spec, team, names.get(next++ & 7));
  }

  @Benchmark
  public byte[] plainEncode() throws IOException {
    BufferedImage image = new BufferedImage(spec.width(), spec.height(), BufferedImage.TYPE_3BYTE_BGR);
    System.arraycopy(composed, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, composed.length);
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

  private static byte[] bgr(BufferedImage image) {
    return ((DataBufferByte) image.getRaster().getDataBuffer()).getData().clone();
  }
}
