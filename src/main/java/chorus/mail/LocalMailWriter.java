package chorus.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode without SMTP: each mail is encoded exactly as the SMTP client would send it and written to
 * {@code <mail.dir>/<message-id>.eml}, so a developer opens what a fan would get. The file name comes from
 * the stable Message-ID, so a resend overwrites the same file instead of adding a second one.
 */
public final class LocalMailWriter implements MailTransport {
  private static final Logger LOG = LoggerFactory.getLogger(LocalMailWriter.class);
  private final Vertx vertx;
  private final Path dir;

  public LocalMailWriter(Vertx vertx, String dir) {
    this.vertx = vertx;
    this.dir = Path.of(dir).toAbsolutePath();
  }

  @Override
  public Future<Void> send(MailMessage message) {
    String id = message.getHeaders() == null ? null : message.getHeaders().get("Message-ID");
    String encoded = new MailEncoder(message, "chorus.invalid").encode();
    String name = fileName(id == null ? String.valueOf(System.nanoTime()) : id);
    Path file = dir.resolve(name);
    return vertx.fileSystem().mkdirs(dir.toString())
        .compose(v -> vertx.fileSystem().writeFile(file.toString(), Buffer.buffer(encoded)))
        .onSuccess(v -> LOG.info("mail written to {}", file));
  }

  /** A safe file name from a Message-ID: only letters, digits, dot, dash and underscore survive. */
  static String fileName(String messageId) {
    String s = messageId.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._]+", "");
    return (s.isEmpty() ? "mail" : s) + ".eml";
  }

  public Path dir() {
    return dir;
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
