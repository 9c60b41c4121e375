package chorus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chorus.core.Config;
import chorus.core.ConfigException;
import chorus.core.Setting;
import chorus.core.Settings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static Map<String, String> production() {
    Map<String, String> env = new HashMap<>();
    env.put("CHORUS_MODE", "production");
    env.put("CHORUS_PUBLIC_BASE_URL", "https://sing.example.com");
    env.put("CHORUS_SECRET", "0123456789abcdef0123456789abcdef");
    env.put("CHORUS_PG_URL", "postgresql://chorus:pw@db.internal:5432/chorus");
    env.put("CHORUS_REDIS_URL", "redis://cache.internal:6379");
    env.put("CHORUS_S3_BUCKET", "chorus-media");
    env.put("CHORUS_SMTP_HOST", "email-smtp.eu-west-1.amazonaws.com");
    return env;
  }

  @Test
  void productionWithEverythingSetLoadsAndEnvironmentOverridesFileDefaults() {
    Map<String, String> env = production();
    env.put("CHORUS_HTTP_PORT", "9090");
    Config c = Settings.load(Launcher.readDefaults(), env, new JsonObject());
    assertThat(c.local()).isFalse();
    assertThat(c.integer("http.port")).isEqualTo(9090);
    assertThat(c.integer("pg.poolSize")).isEqualTo(8);
    assertThat(c.string("s3.bucket")).isEqualTo("chorus-media");
  }

  @Test
  void modeDefaultsToProductionSoMissingSettingsAreAnError() {
    Map<String, String> env = production();
    env.remove("CHORUS_MODE");
    env.remove("CHORUS_PG_URL");
    assertThatThrownBy(() -> Settings.load(new JsonObject(), env, new JsonObject()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("CHORUS_PG_URL").hasMessageContaining("production");
  }

  @Test
  void everyRequiredSettingIsNamedWhenMissingInProduction() {
    for (Setting s : Settings.ALL) {
      if (!s.requiredInProduction()) continue;
      Map<String, String> env = production();
      env.remove(s.env());
      assertThatThrownBy(() -> Settings.load(new JsonObject(), env, new JsonObject()))
          .as(s.env()).isInstanceOf(ConfigException.class).hasMessageStartingWith(s.env());
    }
  }

  @Test
  void malformedValuesAreRefusedNamingTheSetting() {
    Map<String, String> bad = Map.of(
        "CHORUS_HTTP_PORT", "eighty",
        "CHORUS_PG_URL", "mysql://db/chorus",
        "CHORUS_REDIS_URL", "localhost:6379",
        "CHORUS_SECRET", "short",
        "CHORUS_S3_PATH_STYLE", "yes",
        "CHORUS_MODE", "staging",
        "CHORUS_PUBLIC_BASE_URL", "not a url");
    bad.forEach((name, value) -> {
      Map<String, String> env = production();
      env.put(name, value);
      assertThatThrownBy(() -> Settings.load(new JsonObject(), env, new JsonObject()))
          .as(name).isInstanceOf(ConfigException.class).hasMessageStartingWith(name);
    });
  }

  @Test
  void secretsAndPasswordsAreNeverEchoedInErrors() {
    Map<String, String> env = production();
    env.put("CHORUS_SECRET", "hunter2");
    env.put("CHORUS_PG_URL", "mysql://admin:topsecret@db/chorus");
    assertThatThrownBy(() -> Settings.load(new JsonObject(), env, new JsonObject()))
        .hasMessageNotContaining("hunter2");
    env.put("CHORUS_SECRET", "0123456789abcdef0123456789abcdef");
    assertThatThrownBy(() -> Settings.load(new JsonObject(), env, new JsonObject()))
        .hasMessageContaining("CHORUS_PG_URL").hasMessageNotContaining("topsecret");
  }

  @Test
  void localModeNeedsNothingConfigured() {
    Config c = Settings.load(Launcher.readDefaults(), Map.of("CHORUS_MODE", "local"), new JsonObject());
    assertThat(c.local()).isTrue();
    assertThat(c.has("pg.url")).isFalse();
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(Setting.envName("pg.poolSize")).isEqualTo("CHORUS_PG_POOL_SIZE");
    assertThat(Setting.envName("publicBaseUrl")).isEqualTo("CHORUS_PUBLIC_BASE_URL");
  }

  @Test
  void readmeConfigurationTableListsEverySetting() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    for (Setting s : Settings.ALL) {
      assertThat(readme).as("README lists " + s.env()).contains("`" + s.env() + "`");
    }
  }
}
