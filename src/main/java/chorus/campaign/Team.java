package chorus.campaign;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** A team fans can support: its id, its name in each language, its crest and colours. */
public record Team(String id, Map<String, String> names, String crest, String primary, String secondary) {

  public String name(String lang) {
    return names.getOrDefault(lang, names.get(Locales.FALLBACK));
  }

  public JsonObject toJson(String lang) {
    return new JsonObject().put("id", id).put("name", name(lang)).put("crestUrl", "/" + crest)
        .put("colors", new JsonObject().put("primary", primary).put("secondary", secondary));
  }
}
