package chorus.artwork;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.campaign.Campaign;
import chorus.db.Artworks;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A share page links the privacy notice and the contest terms in the artwork's language. */
class SharePageLinksTest {
  @Test
  void linksThePrivacyNoticeAndTerms() {
    Campaign campaign = Campaign.load(Path.of("conf/campaign.json"), Path.of("webroot"));
    JsonObject image = new JsonObject().put("key", "artwork/x.jpg").put("width", 1200).put("height", 630);
    JsonObject images = new JsonObject().put("facebook", image).put("x", image).put("cover", image);
    String html = new SharePage(null, campaign, "https://chorus.example", null, "https://media.chorus.example", Path.of("webroot/i18n")).page(
        new Artworks.Artwork("AAAAAAAAAAAAAAAAAAAAAA", "Ana", campaign.teams().get(0).id(), "es", images));
    assertThat(html).contains("<a href=\"/privacy?lang=es\">Aviso de privacidad</a>", "<a href=\"/terms?lang=es\">Bases del concurso</a>");
  }
}
