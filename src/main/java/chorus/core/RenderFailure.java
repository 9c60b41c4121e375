package chorus.core;

/** Failure codes a render worker replies with ({@code message.fail(code, text)}); the artwork side maps them. */
public enum RenderFailure {
  BAD_REQUEST(1),
  STORAGE(2),
  INTERNAL(3);

  public final int code;

  RenderFailure(int code) {
    this.code = code;
  }
}
