package chorus.bench.mail;

import chorus.core.Config;
import chorus.db.Database;
import chorus.mail.MailComposer;
import chorus.mail.MailTestSupport;
import chorus.mail.MailTransport;
import chorus.mail.MailerStats;
import chorus.mail.MailerVerticle;
import chorus.mail.Outbox;
import chorus.mail.Tokens;
import chorus.support.TestServices;
import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mails per second from the outbox to SMTP with one mailer (one container), against GreenMail in-process,
 * side by side with a peer: the same messages composed up front and sent straight through the same Vert.x
 * SMTP client, with the same connection pool and the same number in flight, but no database at all. The
 * ratio of the two is the cost of the outbox; the mailer's own counters split its time into claiming,
 * counting, composing, SMTP and marking.
 *
 * <p>Run (arguments: mails per round, default 3000; measured rounds, default 3):
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test \
 *   &amp;&amp; CHORUS_LOG_LEVEL=WARN java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) chorus.bench.mail.MailBench 3000 5
 * </pre>
 */
public final class MailBench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int smtpPort = TestServices.freePort();
    GreenMail smtp = MailTestSupport.greenMail(smtpPort);
    Config config = MailTestSupport.config(smtpPort, Map.of("mail.batchSize", 50));
    Vertx vertx = Vertx.vertx();
    MailTestSupport.migrate(vertx, config);
    Pool pool = Database.pool(vertx, config);
    System.out.printf("mail benchmark: %d mails per round, %d rounds (+1 warm-up), SMTP pool %d, batch 50, 2-core shared machine%n",
        n, rounds, MailTransport.smtpConfig(config).getMaxPoolSize());
    System.out.println("round  peer mail/s  outbox mail/s  ratio  | per mail (ms of work, summed over concurrent sends): claim  count  compose  smtp  mark");
    try {
      for (int r = 0; r <= rounds; r++) {
        double peer = peer(vertx, config, n);
        smtp.purgeEmailFromAllMailboxes();
        MailTestSupport.clean(pool);
        insert(pool, n);
        Result outbox = outbox(config, pool, n);
        smtp.purgeEmailFromAllMailboxes();
        JsonObject s = outbox.stats.toJson();
        System.out.printf("%s  %11.0f  %13.0f  %5.2f  | %28s %6.3f %6.3f %8.3f %5.3f %5.3f%n", r == 0 ? "warm " : "  " + r + "  ",
            peer, outbox.perSecond, outbox.perSecond / peer, "",
            s.getDouble("claimMs") / n, s.getDouble("countMs") / n, s.getDouble("composeMs") / n,
            s.getDouble("sendMs") / n, s.getDouble("markMs") / n);
      }
    } finally {
      vertx.close().await();
      smtp.stop();
      System.exit(0);
    }
  }

  record Result(double perSecond, MailerStats stats) {}

  /** The peer: same composed messages, same SMTP client settings and concurrency, no outbox. */
  static double peer(Vertx vertx, Config config, int n) throws Exception {
    MailComposer composer = new MailComposer(config.string("mail.from"), config.string("publicBaseUrl"),
        new Tokens(config.string("secret")), "unsubscribe@chorus.invalid", MailTestSupport.campaign());
    List<MailMessage> messages = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      messages.add(composer.compose(new Outbox.Row(i, "confirm", "peer" + i + "@bench.example", "en",
          new JsonObject().put("claim", java.util.UUID.randomUUID().toString()).put("newsletter", true),
          "<peer-" + i + "-" + System.nanoTime() + "@chorus>", 1, false), Instant.now()));
    }
    MailClient client = MailClient.create(vertx, MailTransport.smtpConfig(config));
    AtomicInteger next = new AtomicInteger();
    long t0 = System.nanoTime();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < 50; lane++) lanes.add(lane(client, messages, next));
    Future.all(lanes).await(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    client.close().await();
    return n / seconds;
  }

  private static Future<Void> lane(MailClient client, List<MailMessage> messages, AtomicInteger next) {
    int i = next.getAndIncrement();
    if (i >= messages.size()) return Future.succeededFuture();
    return client.sendMail(messages.get(i)).compose(r -> lane(client, messages, next));
  }

  static void insert(Pool pool, int n) {
    MailTestSupport.sql(pool, "INSERT INTO mail_outbox (kind, email, lang, payload, message_id)"
        + " SELECT 'confirm', 'bench' || g || '@bench.example', 'en', jsonb_build_object('claim', gen_random_uuid(), 'newsletter', true),"
        + " '<bench-' || g || '-' || md5(random()::text) || '@chorus>' FROM generate_series(1, $1) g", n);
  }

  /** One container's mailer, woken once, timed until the last row is marked sent. */
  static Result outbox(Config config, Pool pool, int n) throws Exception {
    Vertx container = Vertx.vertx();
    try {
      MailerVerticle mailer = MailTestSupport.mailer();
      long t0 = System.nanoTime();
      container.deployVerticle(mailer, new DeploymentOptions().setConfig(config.json())).await();
      while (mailer.stats().sent.sum() + mailer.stats().failed.sum() < n) Thread.sleep(5);
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (mailer.stats().failed.sum() > 0) throw new IllegalStateException("failures: " + mailer.stats().toJson());
      long sent = MailTestSupport.count(pool, "SELECT count(*) FROM mail_outbox WHERE status = 'sent'");
      if (sent != n) throw new IllegalStateException("only " + sent + " of " + n + " rows marked sent");
      return new Result(n / seconds, mailer.stats());
    } finally {
      container.close().await();
    }
  }
}
