package chorus.core;

/** The kinds of mail the outbox holds, as its {@code kind} column stores them. */
public enum MailKind {
  /** The confirmation/welcome mail queued by a subscription. */
  WELCOME("welcome");

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
