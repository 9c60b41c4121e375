package chorus.render;

import chorus.campaign.Campaign;
import chorus.campaign.Team;
import chorus.core.Built;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The campaign's artwork, ready to draw: templates and fonts loaded once per process (by the main verticle) and
 * shared by all render workers (the renderer is thread-safe; fonts are 26 MB, so one copy).
 */
public final class RenderEngine {
  private final ArtworkRenderer renderer;
  private final Map<String, TemplateSpec> templates = new LinkedHashMap<>();
  private final Campaign campaign;

  private RenderEngine(Campaign campaign, Path fonts, Path webroot, float quality) {
    this.campaign = campaign;
    this.renderer = new ArtworkRenderer(FontChain.load(fonts), new ArtworkRenderer.Options(campaign.id(), campaign.version(),
        webroot, "© " + campaign.artist() + " / Chorus", quality));
    campaign.templates().forEach(t -> {
      TemplateSpec spec = TemplateSpec.fromJson((JsonObject) t);
      templates.put(spec.id(), spec);
    });
  }

  /** Loads fonts and templates; build one per process and share it (the renderer is thread-safe). */
  public static RenderEngine create(Campaign campaign, Path fonts, Path webroot, float quality) {
    Built.one(Built.RENDER_ENGINE);
    return new RenderEngine(campaign, fonts, webroot, quality);
  }

  public Map<String, TemplateSpec> templates() {
    return templates;
  }

  public TeamSpec team(String teamId, String lang) {
    Team t = campaign.team(teamId).orElseThrow(() -> new IllegalArgumentException("unknown team " + teamId));
    return new TeamSpec(t.id(), t.name(lang), t.crest());
  }

  public RenderKey key(String templateId, TeamSpec team, String name) {
    return renderer.key(templates.get(templateId), team, name);
  }

  public byte[] render(String templateId, TeamSpec team, String name) {
    return renderer.render(templates.get(templateId), team, name);
  }
}
