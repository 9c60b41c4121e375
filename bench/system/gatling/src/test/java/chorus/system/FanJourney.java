package chorus.system;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole fan journey as an open model: new fans arrive at SYSTEM_RATE per second for SYSTEM_BASE_SECONDS,
 * then at three times that for SYSTEM_SPIKE_SECONDS, then at the base rate again for SYSTEM_TAIL_SECONDS.
 * Each fan is a new browser: its own connections, its own bearer UUID and its own client address, sent as
 * X-Forwarded-For (from 198.18.0.0/15, the range set aside for benchmarks; HAProxy appends the peer it saw).
 *
 * <p>Every outcome the checks afterwards need is written to SYSTEM_JOURNAL, one tab-separated line each:
 * {@code subscribed <ms> <email> <status>}, {@code completed <ms> <recordingId> <objectKey>},
 * {@code artwork <ms> <shareUrl> <coverUrl>}, {@code confirmed <ms> <email> <status>}, and how long the fan
 * waited for the mail with the confirm link (in the SMTP recorder's folder, SYSTEM_MAIL_DIR):
 * {@code confirm-mail <ms> <email> <waitedMs>} or, after 60 s without it,
 * {@code confirm-mail-missing <ms> <email> <waitedMs>}.
 */
public class FanJourney extends Simulation {
  private static final String BASE = env("SYSTEM_BASE_URL", "http://127.0.0.1:41300");
  private static final double RATE = Double.parseDouble(env("SYSTEM_RATE", "3"));
  private static final int BASE_SECONDS = Integer.parseInt(env("SYSTEM_BASE_SECONDS", "480"));
  private static final int SPIKE_SECONDS = Integer.parseInt(env("SYSTEM_SPIKE_SECONDS", "60"));
  private static final int TAIL_SECONDS = Integer.parseInt(env("SYSTEM_TAIL_SECONDS", "60"));
  private static final String RUN = env("SYSTEM_RUN_ID", Long.toString(System.currentTimeMillis(), 36));
  private static final byte[] TAKE = wav(32_000);
  private static final String[] TEAMS = {"aurora", "lightning", "comet"};
  private static final String[] LANGS = {"en", "fr", "de", "es", "pt", "ja"};
  private static final AtomicLong FANS = new AtomicLong();
  private static final Journal JOURNAL = new Journal(Path.of(env("SYSTEM_JOURNAL", "target/system-journal.tsv")));
  private static final Mailbox MAILBOX = new Mailbox(Path.of(required("SYSTEM_MAIL_DIR")));
  private static final Duration MAIL_WAIT = Duration.ofSeconds(60);
  private static final Duration MAIL_POLL = Duration.ofMillis(250);

  private final HttpProtocolBuilder protocol = http.baseUrl(BASE)
      .acceptHeader("application/json")
      .userAgentHeader("chorus-system-harness (Gatling)")
      .disableCaching();

  private static HttpRequestActionBuilder fan(HttpRequestActionBuilder request) {
    return request.header("Authorization", "Bearer #{fan}").header("X-Forwarded-For", "#{ip}");
  }

  private static final ChainBuilder ARRIVE = exec(session -> {
    long n = FANS.incrementAndGet();
    return session.set("fan", UUID.randomUUID().toString())
        .set("ip", "198." + (18 + ((n >> 16) & 1)) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff))
        .set("email", "fan" + n + "." + RUN + "@system.test")
        .set("name", "Fan " + n)
        .set("team", TEAMS[(int) (n % TEAMS.length)])
        .set("lang", LANGS[(int) (n % LANGS.length)]);
  });

  private static final ChainBuilder JOURNEY = exec(
      fan(http("locale").get("/api/locale").header("Accept-Language", "fr-CH,fr;q=0.9,en;q=0.5")).check(status().is(200)),
      fan(http("campaign").get("/api/campaign?lang=#{lang}")).check(status().is(200)))
      .exitHereIfFailed()
      .exec(fan(http("take create").post("/api/fan/recordings")
          .body(StringBody("{\"contentType\":\"audio/wav\",\"bytes\":" + TAKE.length + ",\"durationMs\":20000}"))
          .asJson())
          .check(status().is(201), jsonPath("$.recordingId").saveAs("take"), jsonPath("$.upload.url").saveAs("uploadUrl"),
              jsonPath("$.upload.headers.content-type").optional().saveAs("uploadType")))
      .exitHereIfFailed()
      // straight to object storage, as the browser does with the presigned URL
      .exec(http("take PUT").put("#{uploadUrl}").header("Content-Type", "#{uploadType}").body(ByteArrayBody(TAKE))
          .check(status().is(200)))
      .exitHereIfFailed()
      .exec(fan(http("take complete").post("/api/fan/recordings/#{take}/complete"))
          .check(status().is(200), jsonPath("$.status").is("complete")))
      .exec(session -> session.isFailed() ? session
          : JOURNAL.write(session, "completed", session.getString("take"), "recordings/" + session.getString("take") + ".wav"))
      .exitHereIfFailed()
      .exec(fan(http("subscribe").post("/api/fan/subscription")
          .body(StringBody("{\"email\":\"#{email}\",\"name\":\"#{name}\",\"team\":\"#{team}\",\"lang\":\"#{lang}\","
              + "\"newsletter\":true,\"contest\":false}")).asJson())
          .check(status().in(200, 201).saveAs("subStatus")))
      .exec(session -> session.contains("subStatus")
          ? JOURNAL.write(session, "subscribed", session.getString("email"), session.getString("subStatus")) : session)
      .exitHereIfFailed()
      // the fan waits for the mail with the confirmation link (the confirmation mail; on older builds the welcome),
      // opens it and presses the page's button, which POSTs the same link; a mail that does not come within
      // MAIL_WAIT (SMTP is down for 60 s in one fault window) is journalled and the fan goes on without confirming
      .exec(session -> session.set("mailSince", System.currentTimeMillis()))
      .asLongAs(session -> !session.contains("confirmLink")
          && System.currentTimeMillis() - session.getLong("mailSince") < MAIL_WAIT.toMillis()).on(
          exec(session -> MAILBOX.confirmLink(session.getString("email")).map(l -> session.set("confirmLink", l)).orElse(session))
              .doIf(session -> !session.contains("confirmLink")).then(pause(MAIL_POLL)))
      .doIfOrElse(session -> session.contains("confirmLink")).then(
          exec(session -> JOURNAL.write(session, "confirm-mail", session.getString("email"),
                  Long.toString(System.currentTimeMillis() - session.getLong("mailSince"))))
              .exec(fan(http("confirm").post("#{confirmLink}").header("Accept", "text/html")
                  .header("Content-Type", "application/x-www-form-urlencoded").body(StringBody("")))
                  .check(status().is(200).saveAs("confirmStatus")))
              .exec(session -> session.contains("confirmStatus")
                  ? JOURNAL.write(session, "confirmed", session.getString("email"), session.getString("confirmStatus")) : session))
      .orElse(exec(session -> JOURNAL.write(session, "confirm-mail-missing", session.getString("email"),
          Long.toString(System.currentTimeMillis() - session.getLong("mailSince")))))
      .exitHereIfFailed()
      .exec(fan(http("artwork").post("/api/fan/artwork")
          .body(StringBody("{\"name\":\"#{name}\",\"team\":\"#{team}\",\"lang\":\"#{lang}\"}")).asJson())
          .check(status().in(200, 201), jsonPath("$.shareUrl").saveAs("shareUrl"),
              jsonPath("$.images.cover.url").saveAs("coverUrl")))
      .exec(session -> session.contains("coverUrl")
          ? JOURNAL.write(session, "artwork", session.getString("shareUrl"), session.getString("coverUrl")) : session)
      .exitHereIfFailed()
      .exec(http("share page").get("#{shareUrl}").header("Accept", "text/html").header("X-Forwarded-For", "#{ip}")
              .check(status().is(200)),
          http("media").get("#{coverUrl}").header("Accept", "image/jpeg").header("X-Forwarded-For", "#{ip}")
              .check(status().is(200), header("Content-Type").is("image/jpeg")));

  private final ScenarioBuilder journey = scenario("fan journey").exec(ARRIVE, JOURNEY);

  {
    setUp(journey.injectOpen(
        constantUsersPerSec(RATE).during(Duration.ofSeconds(BASE_SECONDS)),
        constantUsersPerSec(RATE * 3).during(Duration.ofSeconds(SPIKE_SECONDS)),
        constantUsersPerSec(RATE).during(Duration.ofSeconds(TAIL_SECONDS))))
        .protocols(protocol);
  }

  @Override
  public void after() {
    MAILBOX.close();
    JOURNAL.close();
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static String required(String name) {
    String v = env(name, null);
    if (v == null) throw new IllegalStateException(name + " is required (bench/system/run.sh sets it)");
    return v;
  }

  /** A mono 16-bit 8 kHz WAV of {@code bytes} bytes: a quiet sine, so the take is real audio. */
  private static byte[] wav(int bytes) {
    ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(bytes - 8).put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(bytes - 44);
    for (int i = 0; b.remaining() >= 2; i++) b.putShort((short) (3000 * Math.sin(i * 2 * Math.PI * 440 / 8000)));
    return b.array();
  }

  /** Append-only outcome log shared by all virtual users. */
  private static final class Journal {
    private final BufferedWriter out;

    Journal(Path file) {
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    synchronized Session write(Session session, String kind, String a, String b) {
      try {
        out.write(kind + "\t" + System.currentTimeMillis() + "\t" + a + "\t" + b + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return session;
    }

    synchronized void close() {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
