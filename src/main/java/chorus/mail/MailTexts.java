package chorus.mail;

import chorus.campaign.Locales;
import chorus.core.LanguageTexts;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Mail and page texts in the 14 languages, from {@code mail/<lang>.json} on the classpath, plus the
 * escaping every text written into HTML goes through. An unknown language falls back to English; a
 * missing key in a language file stops start-up (a test checks all files carry every English key).
 */
public final class MailTexts {
  private static final Map<String, JsonObject> TEXTS = LanguageTexts.load("mail", Locales.LANGUAGES, Locales.FALLBACK);
  /** Control characters and bidi embeddings/overrides/isolates: never copied from a fan's name into a mail. */
  private static final Pattern UNSAFE = Pattern.compile("[\\p{Cc}\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\u2028\\u2029]");

  private MailTexts() {}

  public static String lang(String lang) {
    return Locales.supported(lang) ? lang : Locales.FALLBACK;
  }

  public static String dir(String lang) {
    return Locales.RTL.contains(lang(lang)) ? "rtl" : "ltr";
  }

  public static String get(String lang, String key) {
    String v = TEXTS.get(lang(lang)).getString(key);
    if (v == null) throw new IllegalStateException("mail text '" + key + "' missing for " + lang(lang));
    return v;
  }

  public static JsonObject all(String lang) {
    return TEXTS.get(lang(lang)).copy();
  }

  /** A name as it may appear in a mail body: no control or bidi-control characters, at most 80 chars. */
  public static String safeName(String name) {
    if (name == null) return "";
    String s = UNSAFE.matcher(name).replaceAll("").strip();
    return s.length() > 80 ? s.substring(0, 80) : s;
  }
}
