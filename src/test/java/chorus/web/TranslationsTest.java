package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import chorus.campaign.Locales;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The page's texts: one file per language with exactly the keys of en.json, nothing empty, same placeholders. */
class TranslationsTest {
  static final Path I18N = Path.of("webroot/i18n");
  static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

  static Stream<String> languages() {
    return Locales.LANGUAGES.stream();
  }

  static JsonObject read(String lang) throws IOException {
    return new JsonObject(Files.readString(I18N.resolve(lang + ".json"), StandardCharsets.UTF_8));
  }

  static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) names.add(m.group(1));
    return names;
  }

  @Test
  void thereIsOneFilePerLanguageAndNoOther() throws IOException {
    assertThat(Locales.LANGUAGES).hasSize(14);
    try (Stream<Path> files = Files.list(I18N)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(Locales.LANGUAGES.stream().map(l -> l + ".json").toList());
    }
  }

  @ParameterizedTest
  @MethodSource("languages")
  void hasExactlyTheKeysOfEnglishWithValuesAndTheSamePlaceholders(String lang) throws IOException {
    JsonObject en = read("en");
    JsonObject t = read(lang);
    assertThat(t.fieldNames()).as(lang + ".json keys").containsExactlyInAnyOrderElementsOf(en.fieldNames());
    for (String key : en.fieldNames()) {
      Object value = t.getValue(key);
      assertThat(value).as(lang + ".json " + key).isInstanceOf(String.class);
      assertThat(((String) value).strip()).as(lang + ".json " + key).isNotEmpty();
      assertThat(placeholders((String) value)).as(lang + ".json placeholders of " + key).isEqualTo(placeholders(en.getString(key)));
    }
    assertThat(t.getString("dir")).isEqualTo(Locales.RTL.contains(lang) ? "rtl" : "ltr");
  }

  @Test
  void everyKeyThePageUsesIsTranslated() throws IOException {
    JsonObject en = read("en");
    StringBuilder code = new StringBuilder(Files.readString(Path.of("webroot/index.html")));
    for (Path js : Fingerprint.assets(Path.of("webroot"))) code.append(Files.readString(js));
    Set<String> used = new TreeSet<>();
    Matcher attr = Pattern.compile("data-i18n=\"(\\w+)\"|data-i18n-attr=\"[\\w-]+:(\\w+)\"").matcher(code);
    while (attr.find()) used.add(attr.group(1) != null ? attr.group(1) : attr.group(2));
    Matcher calls = Pattern.compile("C\\.t\\('(\\w+)'|C\\.say\\((?:\\$\\('[\\w-]+'\\)|\\w+\\(\\)|\\w+), '(\\w+)'|C\\.say\\([^;]*?\\?\\s*'(\\w+)'\\s*:\\s*'(\\w+)'|\\['\\w+', '(format\\w+)'\\]|problem = \\['(\\w+)'").matcher(code);
    while (calls.find()) {
      for (int g = 1; g <= calls.groupCount(); g++) if (calls.group(g) != null) used.add(calls.group(g));
    }
    assertThat(used).hasSizeGreaterThan(40);
    assertThat(en.fieldNames()).containsAll(used);
  }
}
