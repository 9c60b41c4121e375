package chorus.render;

import chorus.core.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Content-derived name of one artwork: SHA-256 over everything the pixels depend on (render code
 * version, campaign id and version, template, team and its label, normalised name), each field
 * length-prefixed so no two inputs collide by concatenation. Storage keys use {@link #hex()}.
 */
public record RenderKey(String hex) {
  /** Bump when the drawing code changes the output for the same inputs. */
  public static final int RENDER_CODE_VERSION = 1;

  public static RenderKey of(String campaignId, int campaignVersion, String templateId, TeamSpec team,
      String name) {
    MessageDigest sha = Hashes.newSha256();
    for (String field : new String[] {Integer.toString(RENDER_CODE_VERSION), campaignId,
        Integer.toString(campaignVersion), templateId, team.id(), team.label(), team.crest(),
        TextFitter.normalize(name)}) {
      byte[] bytes = String.valueOf(field).getBytes(StandardCharsets.UTF_8);
      sha.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
          (byte) (bytes.length >>> 8), (byte) bytes.length});
      sha.update(bytes);
    }
    return new RenderKey(HexFormat.of().formatHex(sha.digest()));
  }

  /** Storage path such as {@code artwork/ab/abcdef....jpg}. */
  public String path(String prefix) {
    return prefix + "/" + hex.substring(0, 2) + "/" + hex + ".jpg";
  }
}
