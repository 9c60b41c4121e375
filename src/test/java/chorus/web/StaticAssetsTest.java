package chorus.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page's own files: content-hashed names, and nothing that reaches another site. */
class StaticAssetsTest {
  static final Path WEBROOT = Path.of("webroot");

  @Test
  void assetNamesCarryTheHashOfTheirContentAndIndexUsesThem() throws IOException {
    assertThat(Fingerprint.assets(WEBROOT)).hasSizeGreaterThanOrEqualTo(2);
    assertThat(Fingerprint.check(WEBROOT)).as("fingerprint problems").isEmpty();
  }

  @Test
  void theContentSecurityPolicyAllowsOnlyThisSiteAndTheUploadBucket() throws IOException {
    String html = Files.readString(WEBROOT.resolve("index.html"), StandardCharsets.UTF_8);
    assertThat(html).as("the policy is a header, so no stricter meta may shadow it").doesNotContain("Content-Security-Policy");
    String csp = chorus.http.StaticFiles.contentSecurityPolicy(null);
    assertThat(csp).contains("default-src 'self'").contains("script-src 'self'").contains("style-src 'self'")
        .contains("connect-src 'self';").contains("object-src 'none'");
    assertThat(csp).doesNotContain("http:").doesNotContain("https:").doesNotContain("*").doesNotContain("unsafe-");
    assertThat(chorus.http.StaticFiles.contentSecurityPolicy("https://media.s3.eu-west-1.amazonaws.com"))
        .contains("connect-src 'self' https://media.s3.eu-west-1.amazonaws.com;");
  }

  @Test
  void theMarkupLoadsNothingFromElsewhere() throws IOException {
    String html = Files.readString(WEBROOT.resolve("index.html"), StandardCharsets.UTF_8);
    StringBuilder css = new StringBuilder();
    StringBuilder js = new StringBuilder();
    for (Path p : Fingerprint.assets(WEBROOT)) (p.toString().endsWith(".css") ? css : js).append(Files.readString(p));
    assertNone(html, "(?:src|href)\\s*=\\s*[\"']?(?:https?:)?//");
    assertNone(css, "@import|url\\(\\s*[\"']?(?:https?:)?//");
    // scripts: only share links a fan taps point elsewhere; nothing is fetched or embedded from another site
    assertNone(js, "(?:fetch|open|import)\\(\\s*['\"`](?:https?:)?//|\\.src\\s*=\\s*['\"`](?:https?:)?//|createElement\\('script'\\)");
    assertThat(html).doesNotContain("<script>").doesNotContain(" style=\"").doesNotContain(" onclick=");
  }

  private static void assertNone(CharSequence text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (m.find()) {
      throw new AssertionError("reference to another site: " + text.subSequence(m.start(), Math.min(text.length(), m.start() + 80)));
    }
  }
}
