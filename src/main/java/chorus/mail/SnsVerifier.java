package chorus.mail;

import chorus.core.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Verifies Amazon SNS messages (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) against the signing
 * certificate named in the message, which is only ever fetched from an https URL on
 * {@code sns.<region>.amazonaws.com}. The certificate loader is injectable so tests can sign with their own
 * key; the production loader fetches over TLS with host verification and caches by URL.
 */
public final class SnsVerifier {

  /** Loads the X.509 certificate at an already vetted URL. */
  public interface CertificateLoader {
    Future<X509Certificate> load(URI url);
  }

  private static final Pattern SNS_HOST = Pattern.compile("sns\\.[a-z]{2}(-gov)?-[a-z]+-\\d\\.amazonaws\\.com");
  private static final List<String> NOTIFICATION_KEYS = List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type");
  private static final List<String> SUBSCRIPTION_KEYS = List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");

  private final CertificateLoader loader;
  private final String topicArn;

  /** {@code topicArn} may be null: then messages from any topic that verifies are accepted. */
  public SnsVerifier(CertificateLoader loader, String topicArn) {
    this.loader = loader;
    this.topicArn = topicArn == null || topicArn.isBlank() ? null : topicArn;
  }

  /** Succeeds with the message when its signature holds; fails with a 4xx {@link Failure} otherwise. */
  public Future<JsonObject> verify(JsonObject m) {
    String type = m.getString("Type");
    List<String> keys = "Notification".equals(type) ? NOTIFICATION_KEYS
        : "SubscriptionConfirmation".equals(type) || "UnsubscribeConfirmation".equals(type) ? SUBSCRIPTION_KEYS : null;
    if (keys == null) return Future.failedFuture(Failure.invalidField("Type", "Not an SNS message type."));
    String algorithm = switch (String.valueOf(m.getValue("SignatureVersion"))) {
      case "1" -> "SHA1withRSA";
      case "2" -> "SHA256withRSA";
      default -> null;
    };
    if (algorithm == null) return Future.failedFuture(Failure.invalidField("SignatureVersion", "Only SNS signature versions 1 and 2 are accepted."));
    if (topicArn != null && !topicArn.equals(m.getString("TopicArn"))) {
      return Future.failedFuture(forbidden("The message comes from a topic this site does not subscribe to."));
    }
    URI certUrl = certificateUrl(m.getString("SigningCertURL"));
    if (certUrl == null) {
      return Future.failedFuture(Failure.invalidField("SigningCertURL", "The signing certificate must be an https URL on sns.<region>.amazonaws.com."));
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(m.getString("Signature", ""));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(Failure.invalidField("Signature", "The signature is not base64."));
    }
    String text;
    try {
      text = stringToSign(m, keys);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(Failure.invalid(e.getMessage()));
    }
    return loader.load(certUrl)
        .recover(e -> Future.failedFuture(Failure.unavailable("The SNS signing certificate could not be loaded.", 30)))
        .compose(cert -> valid(cert, algorithm, text, signature) ? Future.succeededFuture(m)
            : Future.failedFuture(forbidden("The SNS signature does not verify.")));
  }

  private static boolean valid(X509Certificate cert, String algorithm, String text, byte[] signature) {
    try {
      cert.checkValidity();
      Signature s = Signature.getInstance(algorithm);
      s.initVerify(cert.getPublicKey());
      s.update(text.getBytes(StandardCharsets.UTF_8));
      return s.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** SNS's canonical form: each present key and value on its own line, keys in byte order. */
  static String stringToSign(JsonObject m, List<String> keys) {
    StringBuilder b = new StringBuilder();
    for (String k : keys) {
      Object v = m.getValue(k);
      if (v == null) {
        if (k.equals("Subject")) continue;
        throw new IllegalArgumentException("The SNS message lacks " + k + ".");
      }
      if (!(v instanceof String)) throw new IllegalArgumentException("The SNS field " + k + " is not a string.");
      b.append(k).append('\n').append(v).append('\n');
    }
    return b.toString();
  }

  /** The URL when it is https on an SNS host (default port, no user info, a .pem path); else null. */
  public static URI certificateUrl(String url) {
    if (url == null || url.length() > 1024) return null;
    try {
      URI u = new URI(url);
      boolean ok = "https".equals(u.getScheme()) && u.getRawUserInfo() == null && u.getHost() != null
          && SNS_HOST.matcher(u.getHost()).matches() && (u.getPort() == -1 || u.getPort() == 443)
          && u.getPath() != null && u.getPath().endsWith(".pem") && u.getRawQuery() == null && u.getRawFragment() == null;
      return ok ? u : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Host check for a SubscribeURL before anyone acts on it (it is logged, never fetched automatically). */
  public static boolean snsHost(String url) {
    try {
      URI u = new URI(url);
      return "https".equals(u.getScheme()) && u.getHost() != null && SNS_HOST.matcher(u.getHost()).matches();
    } catch (URISyntaxException | NullPointerException e) {
      return false;
    }
  }

  private static Failure forbidden(String detail) {
    return Failure.of(Failure.Kind.FORBIDDEN, "sns-signature", "Forbidden", detail);
  }

  /** Production loader: GET over verified TLS, no redirects, PEM parsed as X.509, cached by URL. */
  public static CertificateLoader httpsLoader(Vertx vertx) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustAll(false).setFollowRedirects(false).setConnectTimeout(5_000));
    Map<URI, X509Certificate> cache = new ConcurrentHashMap<>();
    return url -> {
      X509Certificate cached = cache.get(url);
      if (cached != null) return Future.succeededFuture(cached);
      if (certificateUrl(url.toString()) == null) return Future.failedFuture(new IllegalArgumentException("not an SNS certificate URL"));
      return client.getAbs(url.toString()).timeout(10_000).send().compose(r -> {
        if (r.statusCode() != 200 || r.body() == null || r.body().length() > 16_384) {
          return Future.failedFuture(new IllegalStateException("certificate fetch answered " + r.statusCode()));
        }
        try {
          X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(r.body().getBytes()));
          cache.put(url, cert);
          return Future.succeededFuture(cert);
        } catch (GeneralSecurityException e) {
          return Future.failedFuture(e);
        }
      });
    };
  }
}
