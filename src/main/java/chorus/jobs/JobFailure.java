package chorus.jobs;

/** A failure a handler throws to say that retrying cannot help: the job is dead-lettered at once. */
public final class JobFailure extends RuntimeException {
  private JobFailure(String message, Throwable cause) {
    super(message, cause);
  }

  public static JobFailure permanent(String message) {
    return new JobFailure(message, null);
  }

  public static JobFailure permanent(String message, Throwable cause) {
    return new JobFailure(message, cause);
  }
}
