import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Recomputes a Chorus contest draw from public data, with nothing but a JDK:
 *
 * <pre>java tools/draw/Verify.java ENTRIES.txt LIST_SHA256 SEED WINNERS [SET_ASIDE_ID ...]</pre>
 *
 * ENTRIES.txt is the canonical entry list the console exports (entry ids in ascending order, one per line,
 * each line ending in a newline); LIST_SHA256 is the hash the console published at the freeze; SEED is the
 * public random value entered after it; WINNERS is how many winners the draw has; SET_ASIDE_ID are entries
 * redrawn as ineligible (the console lists them with their reasons). It checks the file against the hash,
 * then prints the winners in order: the entries sorted by SHA-256(seed followed by entry id, UTF-8), as
 * unsigned bytes, skipping those set aside. Exit 0 when the hash matches, 1 when it does not, 2 on bad usage.
 */
public class Verify {
  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: java tools/draw/Verify.java ENTRIES.txt LIST_SHA256 SEED WINNERS [SET_ASIDE_ID ...]");
      System.exit(2);
    }
    byte[] file = Files.readAllBytes(Path.of(args[0]));
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
    String text = new String(file, StandardCharsets.UTF_8);
    List<String> entries = text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    System.out.println("entries: " + entries.size());
    System.out.println("sha256:  " + hash + (hash.equalsIgnoreCase(args[1]) ? "  matches the published hash" : "  DOES NOT MATCH " + args[1]));
    if (!hash.equalsIgnoreCase(args[1])) System.exit(1);
    List<String> sorted = new ArrayList<>(entries);
    sorted.sort(String::compareTo);
    if (!sorted.equals(entries) || !text.endsWith("\n") && !text.isEmpty()) {
      System.out.println("warning: the list is not in canonical form (ascending, newline after each id)");
    }
    String seed = args[2];
    int winners = Integer.parseInt(args[3]);
    Set<String> setAside = Set.of(Arrays.copyOfRange(args, 4, args.length));
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    List<String[]> scored = new ArrayList<>();
    for (String id : entries) {
      if (setAside.contains(id)) continue;
      scored.add(new String[] {HexFormat.of().formatHex(sha.digest((seed + id).getBytes(StandardCharsets.UTF_8))), id});
    }
    // lower-case hex sorts like the unsigned bytes it spells
    scored.sort((a, b) -> a[0].compareTo(b[0]));
    for (int i = 0; i < Math.min(winners, scored.size()); i++) {
      System.out.println("winner " + (i + 1) + ": " + scored.get(i)[1] + "  (" + scored.get(i)[0] + ")");
    }
  }
}
