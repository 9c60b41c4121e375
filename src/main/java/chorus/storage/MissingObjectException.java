package chorus.storage;

/** The object asked for is not in storage. */
public final class MissingObjectException extends RuntimeException {
  public MissingObjectException(String key) {
    super("no object " + key, null, false, false);
  }
}
