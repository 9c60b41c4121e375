package chorus.campaign;

import chorus.core.Failure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The 14 languages, and the choice of one: the best {@code Accept-Language} match (regional and script
 * variants folded: {@code pt-BR} → pt, {@code zh-Hant-TW} → zh), else the viewer's country as the CDN
 * reports it, else English.
 */
public final class Locales {
  public static final List<String> LANGUAGES = List.of("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "tr", "ar", "ja", "ko", "zh");
  public static final Set<String> RTL = Set.of("ar");
  public static final String FALLBACK = "en";

  private static final Map<String, String> BY_COUNTRY = byCountry();

  private Locales() {}

  public record Choice(String lang, String country) {}

  /**
   * The language for a request: the first of the client's language ranges (best first, as Vert.x Web parses
   * {@code Accept-Language}: q-values honoured) whose primary subtag Chorus speaks, else the country's
   * language, else English.
   *
   * @param primaryTags the primary subtags of the acceptable languages, best first ({@code pt} of {@code pt-BR})
   * @param countryHeader the viewer's country as the CDN reports it, or null
   */
  public static Choice choose(List<String> primaryTags, String countryHeader) {
    String country = countryCode(countryHeader);
    for (String tag : primaryTags) {
      String lang = tag.toLowerCase(Locale.ROOT);
      if (LANGUAGES.contains(lang)) return new Choice(lang, country);
    }
    if (country != null && BY_COUNTRY.containsKey(country)) return new Choice(BY_COUNTRY.get(country), country);
    return new Choice(FALLBACK, country);
  }

  public static boolean supported(String lang) {
    return lang != null && LANGUAGES.contains(lang);
  }

  /** The language a request names in its {@code lang} field; an unknown one is an invalid field. */
  public static String requireSupported(String lang) {
    if (!supported(lang)) throw Failure.invalidField("lang", "Unknown language; use one of " + LANGUAGES + ".");
    return lang;
  }

  /** Two ASCII letters, upper-cased; anything else is no country. */
  static String countryCode(String header) {
    if (header == null) return null;
    String c = header.trim();
    if (c.length() != 2 || !isAsciiLetter(c.charAt(0)) || !isAsciiLetter(c.charAt(1))) return null;
    return c.toUpperCase(Locale.ROOT);
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static Map<String, String> byCountry() {
    Map<String, String> m = new java.util.HashMap<>();
    put(m, "fr", "FR", "MC", "LU", "SN", "CI", "CM", "ML", "BF", "NE", "TG", "BJ", "GA", "CD", "CG", "HT", "MG");
    put(m, "de", "DE", "AT", "CH", "LI");
    put(m, "es", "ES", "MX", "AR", "CO", "CL", "PE", "VE", "EC", "GT", "CU", "BO", "DO", "HN", "PY", "SV", "NI", "CR", "PA", "UY", "PR");
    put(m, "it", "IT", "SM", "VA");
    put(m, "pt", "PT", "BR", "AO", "MZ", "CV", "GW", "ST", "TL");
    put(m, "nl", "NL", "BE", "SR");
    put(m, "pl", "PL");
    put(m, "ru", "RU", "BY", "KZ", "KG");
    put(m, "tr", "TR", "CY");
    put(m, "ar", "SA", "EG", "AE", "MA", "DZ", "IQ", "JO", "KW", "LB", "LY", "OM", "QA", "SY", "TN", "YE", "BH", "SD", "PS", "MR");
    put(m, "ja", "JP");
    put(m, "ko", "KR");
    put(m, "zh", "CN", "TW", "HK", "MO", "SG");
    return Map.copyOf(m);
  }

  private static void put(Map<String, String> m, String lang, String... countries) {
    for (String c : countries) m.put(c, lang);
  }
}
