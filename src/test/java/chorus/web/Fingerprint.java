package chorus.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Content-hash names for the website's assets ({@code webroot/assets/app.<10 hex>.css}), so they can be
 * cached for a year. The hashed names are committed; after editing an asset run
 * <pre>java src/test/java/chorus/web/Fingerprint.java webroot</pre>
 * which renames every changed asset and rewrites the references in {@code index.html}.
 * {@link StaticAssetsTest} fails with that command in its message when a name and its content disagree.
 */
public final class Fingerprint {
  static final Pattern ASSET = Pattern.compile("([a-z0-9-]+)(?:\\.([0-9a-f]{10}))?\\.(css|js)");
  static final Pattern REFERENCE = Pattern.compile("/assets/" + ASSET.pattern());
  static final String COMMAND = "java src/test/java/chorus/web/Fingerprint.java webroot";

  private Fingerprint() {}

  public static void main(String[] args) throws IOException {
    Path webroot = Path.of(args.length > 0 ? args[0] : "webroot");
    Map<String, String> renamed = apply(webroot);
    renamed.forEach((from, to) -> System.out.println(from + " -> " + to));
    List<String> problems = check(webroot);
    problems.forEach(p -> System.err.println("problem: " + p));
    if (!problems.isEmpty()) System.exit(1);
    System.out.println(renamed.isEmpty() ? "all assets already fingerprinted" : "index.html updated");
  }

  static String hash(Path file) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
      return HexFormat.of().formatHex(digest).substring(0, 10);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> assets(Path webroot) throws IOException {
    try (Stream<Path> files = Files.list(webroot.resolve("assets"))) {
      return files.filter(p -> ASSET.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
  }

  /** The name a file should have: its stem, its content hash, its extension. */
  static String wantedName(Path file) {
    Matcher m = ASSET.matcher(file.getFileName().toString());
    if (!m.matches()) throw new IllegalArgumentException(file.toString());
    return m.group(1) + "." + hash(file) + "." + m.group(3);
  }

  /** Renames assets whose name does not carry their current hash and points index.html at the new names. */
  static Map<String, String> apply(Path webroot) throws IOException {
    Map<String, String> renamed = new TreeMap<>();
    Map<String, String> byStem = new TreeMap<>();
    for (Path file : assets(webroot)) {
      String name = file.getFileName().toString();
      String wanted = wantedName(file);
      if (!name.equals(wanted)) {
        Files.move(file, file.resolveSibling(wanted));
        renamed.put(name, wanted);
      }
      Matcher m = ASSET.matcher(wanted);
      m.matches();
      byStem.put(m.group(1) + "." + m.group(3), wanted);
    }
    Path index = webroot.resolve("index.html");
    String html = Files.readString(index, StandardCharsets.UTF_8);
    String updated = REFERENCE.matcher(html).replaceAll(r -> {
      String current = byStem.get(r.group(1) + "." + r.group(3));
      return Matcher.quoteReplacement("/assets/" + (current == null ? r.group().substring(8) : current));
    });
    if (!updated.equals(html)) Files.writeString(index, updated, StandardCharsets.UTF_8);
    return renamed;
  }

  /** What is wrong: names that do not match their content, references to missing or unhashed files, unused assets. */
  static List<String> check(Path webroot) throws IOException {
    List<String> problems = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Path file : assets(webroot)) {
      String name = file.getFileName().toString();
      names.add(name);
      if (!name.equals(wantedName(file))) problems.add(name + " should be named " + wantedName(file) + " (run: " + COMMAND + ")");
    }
    String html = Files.readString(webroot.resolve("index.html"), StandardCharsets.UTF_8);
    Matcher m = REFERENCE.matcher(html);
    List<String> referenced = new ArrayList<>();
    while (m.find()) {
      String name = m.group().substring("/assets/".length());
      referenced.add(name);
      if (m.group(2) == null) problems.add("index.html refers to " + name + " without a content hash (run: " + COMMAND + ")");
      else if (!names.contains(name)) problems.add("index.html refers to missing " + name + " (run: " + COMMAND + ")");
    }
    names.stream().filter(n -> !referenced.contains(n)).forEach(n -> problems.add("assets/" + n + " is not used by index.html"));
    return problems;
  }
}
