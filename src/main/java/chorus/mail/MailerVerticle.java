package chorus.mail;

import chorus.campaign.Campaign;
import chorus.core.Addresses;
import chorus.core.MailKind;
import chorus.core.Config;
import chorus.db.Database;
import chorus.jobs.Backoff;
import chorus.jobs.DrainLoop;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the mail outbox (one instance per container). Woken over {@link Addresses#MAIL_OUTBOX_WAKE} after a
 * commit and by a poll timer, it claims due rows under a lease, composes each in the fan's language, sends
 * it at no more than {@code mail.ratePerSecond}, and marks it. It finds work and leases rows with the job
 * queue's code ({@link DrainLoop}, {@link chorus.jobs.LeasedTable}). Transient failures retry with exponential
 * backoff and full jitter ({@link Backoff}); a permanent SMTP reply (5xx) ends the row as failed with the reply recorded;
 * suppressed addresses, addresses over the daily cap of confirmation mails, and welcomes whose address the
 * fan no longer holds confirmed are skipped.
 */
public class MailerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MailerVerticle.class);
  /** SMTP replies about our own credentials: a container problem, not the message's; retried. */
  private static final Set<Integer> AUTH_REPLIES = Set.of(530, 534, 535, 538);

  private final MailerStats stats = new MailerStats();
  private final Campaign campaign;
  private final String owner = UUID.randomUUID().toString();
  private Outbox outbox;
  private MailTransport transport;
  private MailComposer composer;
  private Pool pool;
  private DrainLoop loop;
  private RateLimiter limiter;
  private int batch, leaseSeconds, confirmPerDay, maxAttempts;
  private long retryBaseMillis, retryMaxMillis;
  private boolean stopped;

  private final Pool given;

  /** With a pool of its own, closed when it stops (a mailer deployed alone, as tests do). */
  public MailerVerticle(Campaign campaign) {
    this(campaign, null);
  }

  /**
   * @param campaign the campaign the mails speak for (artist, song, team colours, artwork alt text)
   * @param pool     the process's pool, which the caller closes (null: one of its own)
   */
  public MailerVerticle(Campaign campaign, Pool pool) {
    this.campaign = campaign;
    this.given = pool;
  }

  public MailerStats stats() {
    return stats;
  }

  @Override
  public Future<?> start() {
    Config config = Config.of(config());
    JsonObject c = config.json();
    int rate = c.getInteger("mail.ratePerSecond", 14);
    leaseSeconds = c.getInteger("mail.leaseSeconds", 120);
    batch = Math.max(1, Math.min(c.getInteger("mail.batchSize", 50), rate > 0 ? Math.max(1, rate * leaseSeconds / 4) : Integer.MAX_VALUE));
    confirmPerDay = c.getInteger("mail.confirmPerDay", 5);
    maxAttempts = c.getInteger("mail.maxAttempts", 25);
    retryBaseMillis = c.getLong("mail.retryBaseMillis", 5_000L);
    retryMaxMillis = c.getLong("mail.retryMaxMillis", 900_000L);
    limiter = new RateLimiter(vertx, rate);
    pool = given != null ? given : Database.pool(vertx, config);
    outbox = new Outbox(pool);
    transport = MailTransport.create(vertx, config);
    composer = new MailComposer(config.string("mail.from"), config.string("publicBaseUrl"),
        new Tokens(config.string("secret")), c.getString("mail.unsubscribeMailto"), campaign);
    loop = new DrainLoop(vertx, "mail outbox", this::round);
    return loop.start(Addresses.MAIL_OUTBOX_WAKE, c.getLong("mail.pollMillis", 5_000L))
        .onSuccess(v -> LOG.info("mailer {} started: {} mail/s, batch {}, lease {} s", owner, rate, batch, leaseSeconds));
  }

  /** One claim and the sending of what it got; true when the batch was full (more may be due). */
  private Future<Boolean> round() {
    long t0 = System.nanoTime();
    return outbox.claim(batch, leaseSeconds, owner).compose(rows -> {
      stats.claims.increment();
      stats.claimed.add(rows.size());
      stats.claimNanos.add(System.nanoTime() - t0);
      return allowed(rows).compose(allowed -> {
        List<Future<Void>> all = new ArrayList<>(rows.size());
        for (Outbox.Row row : rows) all.add(process(row, allowed.contains(row.id())));
        return Future.join(all).transform(ar -> Future.succeededFuture(rows.size() == batch && !stopped));
      });
    });
  }

  /**
   * The rows within the daily cap of confirmation mails. Only a confirmation row's first attempt counts, so a
   * retry or a resend after a crash is not counted twice; within a batch, rows count in id order. A welcome
   * follows the mailbox's own click and is not capped.
   */
  private Future<Set<Long>> allowed(List<Outbox.Row> rows) {
    List<Outbox.Row> first = rows.stream().filter(r -> r.attempts() == 1 && confirmation(r) && !r.suppressed()).toList();
    Set<Long> ok = new HashSet<>();
    for (Outbox.Row r : rows) if (!first.contains(r)) ok.add(r.id());
    if (first.isEmpty()) return Future.succeededFuture(ok);
    long t0 = System.nanoTime();
    return outbox.countToday(first.stream().map(r -> r.email().toLowerCase(Locale.ROOT)).toList()).map(totals -> {
      stats.countNanos.add(System.nanoTime() - t0);
      Map<String, Integer> inBatch = new HashMap<>();
      for (Outbox.Row r : first) inBatch.merge(r.email().toLowerCase(Locale.ROOT), 1, Integer::sum);
      Map<String, Integer> seen = new HashMap<>();
      for (Outbox.Row r : first) {
        String key = r.email().toLowerCase(Locale.ROOT);
        int position = seen.merge(key, 1, Integer::sum);
        int countAfter = totals.getOrDefault(key, Integer.MAX_VALUE) - inBatch.get(key) + position;
        if (countAfter <= confirmPerDay) ok.add(r.id());
      }
      return ok;
    });
  }

  private static boolean confirmation(Outbox.Row row) {
    try {
      return MailComposer.kindOf(row) == MailKind.CONFIRM;
    } catch (IllegalArgumentException e) {
      return false; // an unknown kind: composing fails it
    }
  }

  /** A welcome or a piece of news (in_song) whose fan no longer holds the address confirmed (or no longer asks for news). */
  private static boolean welcomeUnconfirmed(Outbox.Row row) {
    try {
      MailKind kind = MailComposer.kindOf(row);
      return (kind == MailKind.WELCOME || kind == MailKind.IN_SONG) && !row.confirmed();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Future<Void> process(Outbox.Row row, boolean withinCap) {
    if (row.suppressed()) return mark(outbox.skip(row, owner, "suppressed address"), stats.skipped);
    // a welcome carries the fan's own words: only to a mailbox that confirmed this fan's claim (and still holds it)
    if (welcomeUnconfirmed(row)) return mark(outbox.skip(row, owner, "address not confirmed by its mailbox"), stats.skipped);
    if (!withinCap) {
      LOG.warn("outbox {}: daily cap of {} confirmation mails reached for the address", row.id(), confirmPerDay);
      return mark(outbox.skip(row, owner, "daily cap of confirmation mails reached"), stats.skipped);
    }
    MailMessage message;
    long t1 = System.nanoTime();
    try {
      message = composer.compose(row, Instant.now());
    } catch (IllegalArgumentException e) {
      LOG.error("outbox {}: cannot be sent: {}", row.id(), chorus.core.Redact.emails(e.getMessage()));
      return mark(outbox.fail(row, owner, e.getMessage()), stats.failed);
    } finally {
      stats.composeNanos.add(System.nanoTime() - t1);
    }
    return limiter.acquire().compose(v -> {
      long t2 = System.nanoTime();
      return transport.send(message).transform(ar -> {
        stats.sendNanos.add(System.nanoTime() - t2);
        return ar.succeeded() ? sent(row) : failed(row, ar.cause());
      });
    });
  }

  private Future<Void> sent(Outbox.Row row) {
    return mark(outbox.markSent(row, owner), stats.sent).onSuccess(v -> LOG.debug("outbox {} sent as {}", row.id(), row.messageId()));
  }

  private Future<Void> failed(Outbox.Row row, Throwable cause) {
    String error = describe(cause);
    if (permanent(cause)) {
      LOG.warn("outbox {}: permanent failure, not retried: {}", row.id(), error);
      return mark(outbox.fail(row, owner, error), stats.failed);
    }
    if (row.attempts() >= maxAttempts) {
      LOG.error("outbox {}: giving up after {} attempts: {}", row.id(), row.attempts(), error);
      return mark(outbox.fail(row, owner, "gave up after " + row.attempts() + " attempts: " + error), stats.failed);
    }
    long delay = Backoff.delayMillis(row.attempts(), retryBaseMillis, retryMaxMillis);
    LOG.info("outbox {}: attempt {} failed ({}), next in {} ms", row.id(), row.attempts(), error, delay);
    return mark(outbox.retryLater(row, owner, delay, error), stats.retried);
  }

  private Future<Void> mark(Future<Boolean> update, java.util.concurrent.atomic.LongAdder counter) {
    long t0 = System.nanoTime();
    return update.map(changed -> {
      stats.markNanos.add(System.nanoTime() - t0);
      if (changed) counter.increment();
      else LOG.warn("outbox row was no longer held when marked (its lease ran out and another mailer took it)");
      return (Void) null;
    });
  }

  /** A 5xx reply about the message or recipient; replies about our credentials are retried instead. */
  static boolean permanent(Throwable e) {
    return e instanceof SMTPException s && s.getReplyCode() >= 500 && s.getReplyCode() < 600 && !AUTH_REPLIES.contains(s.getReplyCode());
  }

  private static String describe(Throwable e) {
    if (e instanceof SMTPException s) {
      String reply = String.valueOf(s.getReplyMessage()).strip();
      return chorus.core.Redact.emails(reply.startsWith(String.valueOf(s.getReplyCode())) ? reply : s.getReplyCode() + " " + reply);
    }
    return chorus.core.Redact.emails(e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    Promise<Void> done = Promise.promise();
    Future<Void> unregistered = loop == null ? Future.succeededFuture() : loop.stop();
    unregistered.eventually(() -> transport == null ? Future.succeededFuture() : transport.close())
        .eventually(() -> pool == null || pool == given ? Future.succeededFuture() : pool.close())
        .onComplete(ar -> done.complete());
    return done.future();
  }
}
