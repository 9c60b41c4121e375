package chorus.fan;

import chorus.core.Failure;
import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email syntax and length (RFC 5321 limits), with the domain lower-cased (and IDNs in their ASCII form). */
public final class Emails {
  private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

  private Emails() {}

  public static String clean(String raw) {
    String email = raw == null ? "" : raw.strip();
    int at = email.lastIndexOf('@');
    if (email.length() > 254 || at < 1 || at == email.length() - 1) throw invalid();
    String local = email.substring(0, at);
    String domain;
    try {
      domain = IDN.toASCII(email.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (local.length() > 64 || !LOCAL.matcher(local).matches() || domain.length() > 253 || !DOMAIN.matcher(domain).matches()) {
      throw invalid();
    }
    return local + "@" + domain;
  }

  private static Failure invalid() {
    return Failure.invalidField("email", "This does not look like an email address.");
  }
}
