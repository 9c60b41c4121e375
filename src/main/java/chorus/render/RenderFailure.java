package chorus.render;

/** Failure codes a render worker replies with ({@code message.fail(code, text)}); the HTTP side maps them. */
public enum RenderFailure {
  BAD_REQUEST(400),
  STORAGE(503),
  INTERNAL(500);

  public final int code;

  RenderFailure(int code) {
    this.code = code;
  }
}
