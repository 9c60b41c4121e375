package chorus.core;

/** Every event bus address in one place. */
public final class Addresses {
  private Addresses() {}

  /** Render an artwork set: request {@code RenderRequest} JSON, reply {@code RenderResult} JSON. */
  public static final String RENDER_ARTWORK = "render.artwork";
  /** Wake the mailer after a commit wrote outbox rows; body ignored, fire-and-forget. */
  public static final String MAIL_OUTBOX_WAKE = "mail.outbox.wake";
  /** Wake this container's job workers after a commit enqueued jobs; body: the job kind (informative), fire-and-forget. */
  public static final String JOBS_WAKE = "jobs.wake";
}
