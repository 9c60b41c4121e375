package chorus.campaign;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.core.ConfigException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The campaign file's rules: the JSON Schema in conf/ plus what a schema cannot say, each naming the field. */
class CampaignValidatorTest {
  static final Path WEBROOT = Path.of("webroot");

  static JsonObject shipped() throws Exception {
    return new JsonObject(Files.readString(Path.of("conf/campaign.json")));
  }

  static void assertRefused(Consumer<JsonObject> change, String field) throws Exception {
    JsonObject c = shipped();
    change.accept(c);
    assertThatThrownBy(() -> new CampaignValidator("campaign.json", WEBROOT).validate(c))
        .isInstanceOf(ConfigException.class).hasMessageContaining(field);
  }

  @Test
  void theShippedCampaignPasses() throws Exception {
    assertThatCode(() -> new CampaignValidator("campaign.json", WEBROOT).validate(shipped())).doesNotThrowAnyException();
  }

  @Test
  void schemaRulesNameTheField() throws Exception {
    assertRefused(c -> c.getJsonArray("teams").getJsonObject(3).getJsonObject("names").remove("ko"), "/teams/3/names");
    assertRefused(c -> c.getJsonObject("texts").getJsonObject("fr").put("shareTitle", "{nom} chante"), "/texts/fr/shareTitle");
    assertRefused(c -> c.getJsonObject("texts").remove("ja"), "/texts");
    assertRefused(c -> c.getJsonObject("artwork").getJsonArray("templates").getJsonObject(1).put("width", 1000), "/artwork/templates/1/width");
    assertRefused(c -> c.put("id", "Not An Id"), "/id");
    assertRefused(c -> c.put("surprise", true), "surprise");
    assertRefused(c -> c.getJsonObject("contest").put("endsAt", "next Tuesday"), "/contest/endsAt");
    assertRefused(c -> c.getJsonObject("backingTrack").put("url", "../../etc/passwd.mp3"), "/backingTrack/url");
  }

  @Test
  void whatASchemaCannotSayIsCheckedToo() throws Exception {
    assertRefused(c -> c.getJsonArray("teams").getJsonObject(1).put("id", c.getJsonArray("teams").getJsonObject(0).getString("id")), "/teams/1/id");
    assertRefused(c -> c.getJsonArray("teams").getJsonObject(0).put("crest", "campaign/crests/missing.png"), "/teams/0/crest");
    assertRefused(c -> c.getJsonArray("lyrics").getJsonObject(1).put("startMs", 0), "/lyrics/1");
    assertRefused(c -> c.getJsonObject("artwork").getJsonArray("templates").getJsonObject(0).getJsonObject("name").put("x", 1300), "/artwork/templates/0/name");
  }

  @Test
  void keyArtIsAnImageOrAVideoWithAPosterDescribedInEveryLanguage() throws Exception {
    assertRefused(c -> c.getJsonObject("keyArt").getJsonObject("alt").remove("ar"), "/keyArt/alt");
    assertRefused(c -> c.getJsonObject("keyArt").remove("height"), "/keyArt");
    assertRefused(c -> c.getJsonObject("keyArt").put("image", "campaign/missing.jpg"), "/keyArt/image");
    assertRefused(c -> c.getJsonObject("keyArt").put("image", "https://cdn.example/key.jpg"), "/keyArt/image");
    // a video needs its poster (the frame the page shows before it plays), and not an image beside it
    assertRefused(c -> c.getJsonObject("keyArt").put("video", "campaign/keyart.mp4").put("type", "video/mp4"), "/keyArt");
    assertRefused(c -> c.getJsonObject("keyArt").put("poster", c.getJsonObject("keyArt").remove("image"))
        .put("video", "campaign/missing.mp4").put("type", "video/mp4"), "/keyArt/video");
    JsonObject withoutKeyArt = shipped();
    withoutKeyArt.remove("keyArt");
    assertThatCode(() -> new CampaignValidator("campaign.json", WEBROOT).validate(withoutKeyArt)).as("key art is optional")
        .doesNotThrowAnyException();
  }
}
