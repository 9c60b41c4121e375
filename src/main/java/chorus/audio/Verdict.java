package chorus.audio;

import java.util.Locale;

/** What the analysis concluded about a take; the names are the values of {@code recordings.verdict} (migration V3). */
public enum Verdict {
  OK, SILENT, TOO_QUIET, CLIPPED, TOO_SHORT, BLEED, UNDECODABLE;

  /** {@code too_quiet}, as stored and shown. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
