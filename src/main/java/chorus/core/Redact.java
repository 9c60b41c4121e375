package chorus.core;

import java.util.regex.Pattern;

/**
 * Keeps personal data out of log lines: e-mail addresses (as SMTP servers echo them in their replies,
 * {@code 550 5.1.1 <jane@example.com>: user unknown}) become {@code <address>}.
 */
public final class Redact {
  private static final Pattern EMAIL = Pattern.compile("[^\\s<>\"'(),;:@]+@[^\\s<>\"'(),;:@]+");

  private Redact() {}

  public static String emails(String text) {
    return text == null ? null : EMAIL.matcher(text).replaceAll("<address>");
  }
}
