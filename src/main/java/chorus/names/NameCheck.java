package chorus.names;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a fan's name against the per-language word lists in {@code names/<lang>.txt} (the name's language
 * and English). Matching ignores case, accents and digit-for-letter swaps; a word matches a whole word of the
 * name, and a word of five Latin letters or more (or any word in another script) also matches inside it.
 * A match only flags the name for review: nothing is refused here.
 */
public final class NameCheck {
  public static final List<String> LANGUAGES = List.of("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "tr", "ar", "ja", "ko", "zh");
  private static final Map<String, List<String>> LISTS = load();

  private NameCheck() {}

  /** A listed word found in a name, and the language list it comes from. */
  public record Match(String word, String list) {
    public JsonObject toJson() {
      return new JsonObject().put("word", word).put("list", list);
    }
  }

  public static List<Match> check(String name, String lang) {
    String folded = fold(name);
    String joined = folded.replaceAll("[^\\p{L}]", "");
    List<String> tokens = List.of(folded.split("[^\\p{L}]+"));
    List<Match> found = new ArrayList<>();
    for (String list : lang == null || lang.equals("en") ? List.of("en") : List.of(lang, "en")) {
      for (String word : LISTS.getOrDefault(list, List.of())) {
        boolean inside = word.length() >= 5 || !word.chars().allMatch(ch -> ch < 0x250);
        if (tokens.contains(word) || inside && joined.contains(word)) found.add(new Match(word, list));
      }
    }
    return found;
  }

  public static JsonArray toJson(List<Match> matches) {
    JsonArray a = new JsonArray();
    matches.forEach(m -> a.add(m.toJson()));
    return a;
  }

  /** Lower case, no accents, common look-alike digits and signs read as letters. */
  static String fold(String s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT).replace("ß", "ss");
    StringBuilder sb = new StringBuilder(n.length());
    for (char c : n.toCharArray()) {
      sb.append(switch (c) {
        case '0' -> 'o';
        case '1', '!' -> 'i';
        case '3' -> 'e';
        case '4', '@' -> 'a';
        case '5', '$' -> 's';
        case '7' -> 't';
        default -> c;
      });
    }
    return sb.toString();
  }

  private static Map<String, List<String>> load() {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    for (String lang : LANGUAGES) {
      try (InputStream in = NameCheck.class.getResourceAsStream("/names/" + lang + ".txt")) {
        if (in == null) continue;
        List<String> words = new ArrayList<>();
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(NameCheck::fold).distinct().forEach(words::add);
        lists.put(lang, List.copyOf(words));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read names/" + lang + ".txt", e);
      }
    }
    return Map.copyOf(lists);
  }
}
