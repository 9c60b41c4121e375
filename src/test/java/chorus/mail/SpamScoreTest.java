package chorus.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SpamAssassin's local rules (Debian's {@code spamassassin}, {@code -L}: no network tests, so the score is
 * the content's and the headers', not the sending domain's reputation) score each kind of fan mail, as the
 * mailer encodes it, at most 1.0 in every language. Without SpamAssassin the test is skipped with a banner;
 * under {@code CI=true} it fails ({@code .ci/install-tools.sh} installs it).
 */
class SpamScoreTest {
  static final Path SPAMASSASSIN = Path.of("/usr/bin/spamassassin");
  static final Pattern STATUS = Pattern.compile("X-Spam-Status: \\w+, score=(-?[0-9.]+) required=[0-9.]+\\s+tests=([^\\n]*(?:\\n\\s+[^\\n]*)*)");

  final MailComposer composer = new MailComposer("Nova Aria <fans@sing.example.com>", "https://sing.example.com",
      new Tokens("0123456789abcdef0123456789abcdef-mail"), "unsubscribe@sing.example.com", MailTestSupport.campaign());

  @BeforeAll
  static void requireSpamAssassin() {
    if (Files.isExecutable(SPAMASSASSIN)) return;
    String msg = "SPAM SCORE NOT CHECKED: " + SPAMASSASSIN + " is needed (Debian: apt-get install -y spamassassin, or run .ci/install-tools.sh).";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg);
    System.err.println("\n" + "!".repeat(100) + "\n" + msg + "\n" + "!".repeat(100));
    Assumptions.abort(msg);
  }

  record Score(double score, String tests) {}

  /**
   * Scores messages in one SpamAssassin run (an mbox in, an mbox out, in order); Bayes is off and nothing is
   * learnt, so the machine's own SpamAssassin state is neither read nor changed.
   */
  static List<Score> scores(List<MailMessage> messages) throws Exception {
    StringBuilder mbox = new StringBuilder();
    for (MailMessage m : messages) {
      mbox.append("From fans@sing.example.com Mon Dec  7 20:00:00 2026\n");
      for (String line : new MailEncoder(m, "sing.example.com").encode().split("\r?\n", -1)) {
        mbox.append(line.matches(">*From .*") ? ">" + line : line).append('\n');
      }
      mbox.append('\n');
    }
    Path in = Files.createTempFile("chorus-mail", ".mbox");
    try {
      Files.writeString(in, mbox);
      Process p = new ProcessBuilder(SPAMASSASSIN.toString(), "-L", "-t", "--mbox", "--cf=use_bayes 0", "--cf=bayes_auto_learn 0",
          in.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
      // SpamAssassin may answer in another order: each verdict is matched to its message by Message-ID
      java.util.Map<String, Score> byId = new java.util.HashMap<>();
      for (String chunk : out.split("(?m)^From ")) {
        Matcher id = Pattern.compile("(?mi)^Message-ID: (<[^>]+>)").matcher(chunk);
        Matcher s = STATUS.matcher(chunk);
        if (id.find() && s.find()) {
          byId.put(id.group(1), new Score(Double.parseDouble(s.group(1)), s.group(2).replaceAll("\\s+", "").replaceFirst("autolearn=.*", "")));
        }
      }
      List<Score> scores = new ArrayList<>();
      for (MailMessage m : messages) scores.add(byId.get(m.getHeaders().get("Message-ID")));
      assertThat(scores).as("one verdict per message in:\n%s", out.length() > 2000 ? out.substring(0, 2000) : out).doesNotContainNull();
      return scores;
    } finally {
      Files.deleteIfExists(in);
    }
  }

  @Test
  void eachKindScoresAtMostOneInEveryLanguage() throws Exception {
    JsonObject artwork = new JsonObject().put("shareId", "AbCdEfGhIjKlMnOpQrStUv").put("name", "Ana Lima").put("team", "aurora")
        .put("cover", new JsonObject().put("key", "artwork/ab/cover.jpg").put("width", 1400).put("height", 1400));
    List<String> names = new ArrayList<>();
    List<MailMessage> messages = new ArrayList<>();
    for (String lang : chorus.campaign.Locales.LANGUAGES) {
      Outbox.Row confirm = new Outbox.Row(1, "confirm", "ana@fans.example.org", lang,
          new JsonObject().put("claim", UUID.randomUUID().toString()).put("newsletter", true), "<" + UUID.randomUUID() + "@sing.example.com>", 1, false);
      Outbox.Row welcome = new Outbox.Row(2, "welcome", "ana@fans.example.org", lang,
          new JsonObject().put("name", "Ana Lima").put("team", "aurora").put("newsletter", true), "<" + UUID.randomUUID() + "@sing.example.com>",
          1, false, artwork.getString("shareId"), artwork, true, true);
      Outbox.Row inSong = new Outbox.Row(3, "in_song", "ana@fans.example.org", lang,
          new JsonObject().put("recordingId", UUID.randomUUID().toString()).put("name", "Ana Lima").put("team", "aurora"),
          "<" + UUID.randomUUID() + "@sing.example.com>", 1, false, artwork.getString("shareId"), artwork, true, true);
      for (Outbox.Row row : new Outbox.Row[] {confirm, welcome, inSong}) {
        names.add(lang + " " + row.kind());
        messages.add(composer.compose(row, Instant.now()));
      }
    }
    List<Score> scores = scores(messages);
    List<String> seen = new ArrayList<>();
    List<String> over = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      String line = names.get(i) + ": " + scores.get(i).score() + " (" + scores.get(i).tests() + ")";
      seen.add(line);
      if (scores.get(i).score() > 1.0) over.add(line);
    }
    System.out.println("SpamAssassin -L scores:\n  " + String.join("\n  ", seen));
    assertThat(seen).hasSize(chorus.core.MailKind.values().length * chorus.campaign.Locales.LANGUAGES.size());
    assertThat(over).as("mails SpamAssassin scores above 1.0").isEmpty();
  }
}
