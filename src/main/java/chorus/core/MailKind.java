package chorus.core;

/** The kinds of mail the outbox holds, as its {@code kind} column stores them. */
public enum MailKind {
  /**
   * The neutral confirmation queued when a fan claims an address: campaign, what the link does and the link,
   * nothing the requester typed (no name, no share link), so the sign-up cannot carry a stranger's words to a
   * mailbox. Counted against the per-address daily cap. (A {@code welcome} row of an older container that
   * still carries a {@code claim} is sent as this kind: it was the unconfirmed address's first mail.)
   */
  CONFIRM("confirm"),
  /** The campaign's welcome with the fan's name and artwork, queued only when the mailbox confirms the claim. */
  WELCOME("welcome"),
  /**
   * "You're in the song": queued once per fan when their approved take's hear-yourself preview is ready, only for a
   * fan who asked for news and whose mailbox confirmed it (checked again when it is sent).
   */
  IN_SONG("in_song");

  public final String id;

  MailKind(String id) {
    this.id = id;
  }

  /** The kind stored as {@code id}; an unknown id is a bug or a newer container's row. */
  public static MailKind of(String id) {
    for (MailKind k : values()) if (k.id.equals(id)) return k;
    throw new IllegalArgumentException("unknown mail kind '" + id + "'");
  }
}
