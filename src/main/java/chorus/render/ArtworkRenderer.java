package chorus.render;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Draws a fan's artwork: a pure function of (campaign version, template, team, name) to JPEG bytes.
 * Build one per campaign version and share it: it is thread-safe (caches are concurrent maps, each
 * thread gets its own JPEG encoder), so every render worker thread can call {@link #render}. The first
 * render of a (template, team) composes and encodes its fan-independent base (tens of ms); later ones
 * only lay out the name and re-encode the rows of pixels it covers.
 */
public final class ArtworkRenderer {
  /**
   * @param campaignId campaign id (part of render keys)
   * @param campaignVersion bumped when templates or backgrounds change (part of render keys)
   * @param webroot directory the template and crest paths are relative to
   * @param copyright EXIF copyright written into every artwork
   * @param quality JPEG quality, 0..1
   * @param maxCachedBases how many (template, team label) bases to keep; each holds its JPEG and the
   *     pixels under the name box, about 0.8 MB for a Facebook template and 1.3 MB for a cover
   */
  public record Options(String campaignId, int campaignVersion, Path webroot, String copyright, float quality,
      int maxCachedBases) {
    public Options {
      if (quality <= 0 || quality > 1) {
        throw new IllegalArgumentException("JPEG quality must be in (0, 1]");
      }
      if (maxCachedBases < 1) {
        throw new IllegalArgumentException("maxCachedBases must be at least 1");
      }
    }

    /** Options keeping up to 128 bases (4 templates x 32 team labels). */
    public Options(String campaignId, int campaignVersion, Path webroot, String copyright, float quality) {
      this(campaignId, campaignVersion, webroot, copyright, quality, 128);
    }
  }

  public static final String SOFTWARE = "Chorus artwork renderer " + RenderKey.RENDER_CODE_VERSION;

  private final Options options;
  private final TextFitter fitter;
  private final ThreadLocal<JpegEncoder> encoders;
  private final Map<String, BufferedImage> backgrounds = new ConcurrentHashMap<>();
  private final Map<String, BufferedImage> crests = new ConcurrentHashMap<>();
  private final Map<String, TemplateBase> bases = new ConcurrentHashMap<>();

  public ArtworkRenderer(FontChain fonts, Options options) {
    this.options = options;
    this.fitter = new TextFitter(fonts);
    this.encoders = ThreadLocal.withInitial(() -> new JpegEncoder(options.quality()));
  }

  /** The artwork as JPEG bytes (same inputs, same bytes). */
  public byte[] render(TemplateSpec template, TeamSpec team, String name) {
    TextBlock block = layoutName(template, name);
    return base(template, team).render(block, encoders.get());
  }

  /** Content-derived key of {@link #render}'s output for these inputs. */
  public RenderKey key(TemplateSpec template, TeamSpec team, String name) {
    return RenderKey.of(options.campaignId(), options.campaignVersion(), template.id(), team, name);
  }

  /** The name fitted into the template's name box (exposed for checks and previews). */
  public TextBlock layoutName(TemplateSpec template, String name) {
    return fitter.fit(name, template.name());
  }

  /**
   * Warms the caches for (template, team) so the first fan does not pay for it; call at start-up for
   * the templates and teams of the campaign, or leave it to the first render.
   */
  public void prepare(TemplateSpec template, TeamSpec team) {
    base(template, team);
  }

  /** The uncompressed artwork, composed from scratch without caches (previews, tests). */
  public BufferedImage renderImage(TemplateSpec template, TeamSpec team, String name) {
    BufferedImage image = compose(template, team);
    Graphics2D g = image.createGraphics();
    try {
      layoutName(template, name).draw(g, template.name().argb());
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Reference encoding of the whole artwork in one pass; {@link #render} must give the same bytes. */
  public byte[] renderWhole(TemplateSpec template, TeamSpec team, String name) {
    byte[] jpeg = encoders.get().encode(renderImage(template, team, name));
    return CampaignImages.stamp(jpeg, SOFTWARE, options.copyright());
  }

  private TemplateBase base(TemplateSpec template, TeamSpec team) {
    String key = template + "\u0000" + team;
    TemplateBase base = bases.get(key);
    if (base == null) {
      if (bases.size() >= options.maxCachedBases()) {
        evictOne();
      }
      base = bases.computeIfAbsent(key, k -> new TemplateBase(template, compose(template, team),
          encoders.get(), SOFTWARE, options.copyright()));
    }
    return base;
  }

  /** Drops one cached base (any): bounds memory when many team labels are in use. */
  private void evictOne() {
    var it = bases.keySet().iterator();
    if (it.hasNext()) {
      bases.remove(it.next());
    }
  }

  private BufferedImage compose(TemplateSpec template, TeamSpec team) {
    BufferedImage background = backgrounds.computeIfAbsent(
        template.background() + "@" + template.width() + "x" + template.height(),
        k -> CampaignImages.background(resolve(template.background()), template.width(), template.height()));
    BufferedImage crest = crests.computeIfAbsent(team.crest(), k -> CampaignImages.crest(resolve(k)));
    return TemplateBase.compose(template, background, crest, fitter.fit(team.label(), template.team()));
  }

  private Path resolve(String relative) {
    Path root = options.webroot().toAbsolutePath().normalize();
    Path file = root.resolve(relative).normalize();
    if (!file.startsWith(root)) {
      throw new IllegalArgumentException("asset path leaves the webroot: " + relative);
    }
    return file;
  }
}
