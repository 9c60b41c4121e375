package chorus.campaign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Picks one of the 14 languages: the best {@code Accept-Language} match (q-values honoured, regional and
 * script variants folded: {@code pt-BR} → pt, {@code zh-Hant-TW} → zh), else the viewer's country as the
 * CDN reports it, else English.
 */
public final class Locales {
  public static final List<String> LANGUAGES = List.of("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "tr", "ar", "ja", "ko", "zh");
  public static final Set<String> RTL = Set.of("ar");
  public static final String FALLBACK = "en";

  private static final Map<String, String> BY_COUNTRY = byCountry();

  private Locales() {}

  public record Choice(String lang, String country) {}

  public static Choice negotiate(String acceptLanguage, String countryHeader) {
    String country = countryHeader != null && countryHeader.trim().matches("[A-Za-z]{2}")
        ? countryHeader.trim().toUpperCase(Locale.ROOT) : null;
    String fromHeader = fromAcceptLanguage(acceptLanguage);
    if (fromHeader != null) return new Choice(fromHeader, country);
    if (country != null && BY_COUNTRY.containsKey(country)) return new Choice(BY_COUNTRY.get(country), country);
    return new Choice(FALLBACK, country);
  }

  public static boolean supported(String lang) {
    return lang != null && LANGUAGES.contains(lang);
  }

  static String fromAcceptLanguage(String header) {
    if (header == null || header.isBlank() || header.length() > 1024) return null;
    record Range(String primary, double q, int order) {}
    List<Range> ranges = new ArrayList<>();
    String[] parts = header.split(",");
    for (int i = 0; i < parts.length && i < 32; i++) {
      String[] pieces = parts[i].trim().split(";");
      String tag = pieces[0].trim().toLowerCase(Locale.ROOT);
      if (!tag.matches("[a-z]{1,8}(-[a-z0-9]{1,8})*")) continue;
      double q = 1.0;
      for (int j = 1; j < pieces.length; j++) {
        String p = pieces[j].trim();
        if (p.startsWith("q=")) q = quality(p.substring(2));
      }
      if (q > 0) ranges.add(new Range(tag.split("-")[0], q, i));
    }
    ranges.sort(Comparator.comparingDouble(Range::q).reversed().thenComparingInt(Range::order));
    for (Range r : ranges) {
      if (LANGUAGES.contains(r.primary())) return r.primary();
    }
    return null;
  }

  private static double quality(String s) {
    try {
      double q = Double.parseDouble(s);
      return q >= 0 && q <= 1 ? q : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
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
