package chorus.fan;

import chorus.core.Redact;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/client-errors}: the page reports its own failures (a script error, an unhandled rejection,
 * an asset that did not load) so a spike of page errors shows in the metrics like a spike of server errors.
 * Counted per kind ({@code chorus_client_errors_total}); logged at most once a second per container, with
 * e-mail addresses, ids and query strings taken out, so a stranger can neither fill the logs nor make them
 * hold personal data. The contract bounds every field; the {@code client-errors} rate-limit group bounds the
 * calls.
 */
final class ClientErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ClientErrors.class);
  private static final Pattern IDS = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{24,}");
  private static final Pattern QUERIES = Pattern.compile("([?#])[^\\s\"')]*");
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private volatile long lastLogged;

  ClientErrors(MeterRegistry registry) {
    this.registry = registry;
  }

  void report(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String kind = body.getString("kind");
    if (registry != null) counters.computeIfAbsent(kind, k -> Counter.builder("chorus.client.errors")
        .description("Errors the fan page reported about itself").tag("kind", k).register(registry)).increment();
    long now = System.currentTimeMillis();
    if (now - lastLogged >= 1_000) {
      lastLogged = now;
      LOG.warn("page reported {} in {}: {} at {}:{}", kind, body.getString("lang", "?"), clean(body.getString("message", "")),
          path(body.getString("source", "")), body.getInteger("line", 0));
    }
    ctx.response().setStatusCode(204).end();
  }

  /** The text without addresses, ids or query strings. */
  static String clean(String text) {
    return QUERIES.matcher(IDS.matcher(Redact.emails(text)).replaceAll("<id>")).replaceAll("$1…");
  }

  /** Only the path of a script's URL: the page's own origin is known, a query may carry anything. */
  static String path(String source) {
    try {
      String p = URI.create(source.strip()).getRawPath();
      return p == null ? "" : clean(p);
    } catch (IllegalArgumentException e) {
      return "(not a URL)";
    }
  }
}
