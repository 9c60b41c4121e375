package chorus.system;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fans' mailboxes: the folder the SMTP recorder writes each accepted message to (one {@code .eml} each,
 * renamed into place once complete). One background thread reads every new message once, every 200 ms, and
 * remembers the first confirm link ({@code /mail/confirm?t=...&l=..}) addressed to each recipient, so a
 * virtual user's look-up is a map read and never blocks Gatling's threads on the disk.
 *
 * <p>The link is taken from the decoded text/plain part (quoted-printable or base64, soft line breaks
 * joined), as a fan's mail client shows it; the HTML part (with {@code &amp;} unescaped) only when a message
 * has no text part.
 */
final class Mailbox implements AutoCloseable {
  private static final Pattern CONFIRM = Pattern.compile("/mail/confirm\\?[^\\s\"'<>]+");
  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>,\";:]+@[^\\s<>,\";:]+");

  private final Path dir;
  private final Map<String, String> links = new ConcurrentHashMap<>();
  private final Set<String> seen = new HashSet<>(); // only the reader thread touches it
  private final AtomicInteger messages = new AtomicInteger();
  private final List<String> unreadable = new ArrayList<>();
  private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "mailbox-reader");
    t.setDaemon(true);
    return t;
  });

  Mailbox(Path dir) {
    this.dir = dir;
    reader.scheduleWithFixedDelay(this::scan, 0, 200, TimeUnit.MILLISECONDS);
  }

  /** The path and query of the first confirm link mailed to {@code email}, once its message was received. */
  Optional<String> confirmLink(String email) {
    return Optional.ofNullable(links.get(email.toLowerCase(Locale.ROOT)));
  }

  /** Stops reading; says on stderr how many messages were read and which could not be (none, normally). */
  @Override
  public void close() {
    reader.shutdownNow();
    synchronized (unreadable) {
      System.err.println("mailbox: " + messages.get() + " messages read, " + links.size() + " with a confirm link, "
          + unreadable.size() + " unreadable" + (unreadable.isEmpty() ? "" : ": " + unreadable.subList(0, Math.min(5, unreadable.size()))));
    }
  }

  private void scan() {
    List<Path> fresh = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.eml")) {
      for (Path f : files) if (seen.add(f.getFileName().toString())) fresh.add(f);
    } catch (NoSuchFileException e) {
      return; // the recorder has not created its folder yet
    } catch (IOException e) {
      System.err.println("mailbox: cannot list " + dir + " (trying again in 200 ms): " + e);
      return;
    }
    for (Path f : fresh) {
      try {
        read(Files.readAllBytes(f));
        messages.incrementAndGet();
      } catch (IOException | RuntimeException e) {
        synchronized (unreadable) {
          unreadable.add(f.getFileName() + " (" + e + ")");
        }
        System.err.println("mailbox: cannot read " + f + ": " + e);
      }
    }
  }

  private void read(byte[] raw) {
    Part message = Part.parse(new String(raw, StandardCharsets.ISO_8859_1));
    Matcher to = ADDRESS.matcher(message.header("to"));
    if (!to.find()) return;
    String link = message.confirmLink(false);
    if (link == null) link = message.confirmLink(true);
    if (link != null) links.putIfAbsent(to.group().toLowerCase(Locale.ROOT), link);
  }

  /** One MIME entity: its unfolded headers (lower-case names) and its body, still encoded; bytes as ISO-8859-1 chars. */
  private record Part(Map<String, String> headers, String body) {
    static Part parse(String entity) {
      int split = entity.indexOf("\r\n\r\n");
      int skip = 4;
      int lf = entity.indexOf("\n\n");
      if (split < 0 || lf >= 0 && lf < split) {
        split = lf;
        skip = 2;
      }
      String head = split < 0 ? entity : entity.substring(0, split);
      String body = split < 0 ? "" : entity.substring(split + skip);
      Map<String, String> headers = new ConcurrentHashMap<>();
      String name = null;
      for (String line : head.split("\r?\n")) {
        if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
          headers.merge(name, line.trim(), (a, b) -> a + " " + b);
        } else {
          int colon = line.indexOf(':');
          if (colon <= 0) continue;
          name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
          headers.putIfAbsent(name, line.substring(colon + 1).trim());
        }
      }
      return new Part(headers, body);
    }

    String header(String name) {
      return headers.getOrDefault(name, "");
    }

    String param(String header, String param) {
      Matcher m = Pattern.compile(";\\s*" + param + "=(\"([^\"]*)\"|[^;\\s]+)", Pattern.CASE_INSENSITIVE).matcher(header(header));
      return !m.find() ? null : m.group(2) != null ? m.group(2) : m.group(1);
    }

    /** The confirm link in this entity's text/plain parts (or, with {@code html}, its text/html parts). */
    String confirmLink(boolean html) {
      String type = header("content-type").toLowerCase(Locale.ROOT);
      if (type.startsWith("multipart/")) {
        String boundary = param("content-type", "boundary");
        if (boundary == null) return null;
        String[] pieces = body.split("(?m)^--" + Pattern.quote(boundary));
        for (int i = 1; i < pieces.length; i++) { // [0] is the preamble
          if (pieces[i].startsWith("--")) break;    // the closing delimiter
          String link = parse(pieces[i].replaceFirst("^[ \\t]*\r?\n", "")).confirmLink(html);
          if (link != null) return link;
        }
        return null;
      }
      boolean wanted = html ? type.startsWith("text/html") : type.isEmpty() || type.startsWith("text/plain");
      if (!wanted) return null;
      Matcher m = CONFIRM.matcher(html ? decoded().replace("&amp;", "&") : decoded());
      return m.find() ? m.group() : null;
    }

    String decoded() {
      String cte = header("content-transfer-encoding").toLowerCase(Locale.ROOT);
      String cs = param("content-type", "charset");
      Charset charset = cs == null || !Charset.isSupported(cs) ? StandardCharsets.UTF_8 : Charset.forName(cs);
      byte[] bytes;
      if (cte.equals("quoted-printable")) {
        bytes = quotedPrintable(body);
      } else if (cte.equals("base64")) {
        bytes = Base64.getMimeDecoder().decode(body.trim());
      } else {
        bytes = body.getBytes(StandardCharsets.ISO_8859_1);
      }
      return new String(bytes, charset);
    }

    /** RFC 2045 6.7: "=XX" is one byte, "=" at a line's end a soft line break (joined). */
    static byte[] quotedPrintable(String s) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c != '=') {
          out.write(c);
        } else if (s.startsWith("\r\n", i + 1)) {
          i += 2;
        } else if (s.startsWith("\n", i + 1)) {
          i += 1;
        } else if (i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
          out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
        } else {
          out.write(c); // a stray '=' stays as it is (RFC 2045's robust reading)
        }
      }
      return out.toByteArray();
    }
  }
}
