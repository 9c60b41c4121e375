package chorus.ratelimit;


import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The limits of one route group (e.g. {@code subscribe}), all checked in one round trip.
 * A request passes when every enforced limit admits it; dry-run limits are only counted and logged.
 * A group whose {@code store} is {@code local} is counted in the process only, never in Redis: for cheap
 * anonymous reads that the CDN shields, where a shared count would cost a round trip per request and buy nothing.
 */
public record RateLimitPolicy(String group, List<Limit> limits, boolean local) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final Pattern PERIOD = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  public RateLimitPolicy {
    limits = List.copyOf(limits);
  }

  /** A group counted in Redis, shared by every container. */
  public RateLimitPolicy(String group, List<Limit> limits) {
    this(group, limits, false);
  }

  /**
   * One GCRA limit: {@code rate} requests per {@code period} sustained, at most {@code burst}
   * back to back. The emission interval is period / rate, rounded to whole milliseconds.
   */
  public record Limit(String name, LimitKey key, long rate, Duration period, int burst, boolean dryRun) {

    /** Milliseconds between two requests at the sustained rate (GCRA's T). */
    public long emissionMs() {
      return Math.max(1, Math.round((double) period.toMillis() / rate));
    }

    /** How far ahead of schedule a client may be (GCRA's tau): room for {@code burst} at once. */
    public long toleranceMs() {
      return (burst - 1) * emissionMs();
    }

    /** The window of the advertised quota: the time an empty bucket takes to refill to {@code burst}. */
    public long windowSeconds() {
      return Math.max(1, (burst * emissionMs() + 999) / 1000);
    }
  }

  public Limit limit(String name) {
    return limits.stream().filter(l -> l.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no limit '" + name + "' in policy " + group));
  }

  /**
   * Reads {@code {"dryRun": false, "store": "redis", "limits": [{"name", "key", "rate", "period", "burst", "dryRun"}]}}
   * ({@code store}: {@code redis}, the default, or {@code local}).
   * A group-level {@code dryRun} is the default of its limits.
   *
   * @param setting where this object sits in the configuration, used in error messages
   * @throws IllegalArgumentException naming the offending setting
   */
  public static RateLimitPolicy fromJson(String group, JsonObject json, String setting) {
    if (!NAME.matcher(group).matches()) {
      throw new IllegalArgumentException(setting + ": group name must match " + NAME.pattern());
    }
    boolean groupDryRun = bool(json, "dryRun", false, setting);
    JsonArray array = PolicyFields.array(json, "limits", setting);
    if (array == null || array.isEmpty()) {
      throw new IllegalArgumentException(setting + ".limits: at least one limit is required");
    }
    List<Limit> limits = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String at = setting + ".limits[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject l)) throw new IllegalArgumentException(at + ": expected an object");
      Limit limit = limit(l, at, groupDryRun);
      if (!names.add(limit.name())) throw new IllegalArgumentException(at + ".name: duplicate '" + limit.name() + "'");
      limits.add(limit);
    }
    String store = PolicyFields.string(json, "store", setting);
    if (store != null && !store.equals("redis") && !store.equals("local")) {
      throw new IllegalArgumentException(setting + ".store: expected redis or local (got '" + store + "')");
    }
    return new RateLimitPolicy(group, limits, "local".equals(store));
  }

  private static Limit limit(JsonObject l, String at, boolean groupDryRun) {
    String name = PolicyFields.string(l, "name", at);
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(at + ".name: required, must match " + NAME.pattern());
    }
    LimitKey key = LimitKey.parse(at + ".key", PolicyFields.string(l, "key", at));
    long rate = PolicyFields.positiveLong(l, "rate", null, at);
    Duration period = period(PolicyFields.string(l, "period", at), at + ".period");
    long burst = PolicyFields.positiveLong(l, "burst", rate, at);
    if (burst > 1_000_000) throw new IllegalArgumentException(at + ".burst: at most 1000000");
    if (period.toMillis() / rate < 1) {
      throw new IllegalArgumentException(at + ".rate: more than one request per millisecond is not supported");
    }
    return new Limit(name, key, rate, period, (int) burst, bool(l, "dryRun", groupDryRun, at));
  }

  static Duration period(String value, String setting) {
    Matcher m = value == null ? null : PERIOD.matcher(value.trim());
    if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(setting + ": expected a positive duration like 500ms, 30s, 1m, 1h, 1d (got '"
          + value + "')");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static boolean bool(JsonObject json, String key, boolean dflt, String at) {
    Object v = json.getValue(key);
    if (v == null) return dflt;
    if (v instanceof Boolean b) return b;
    throw new IllegalArgumentException(at + "." + key + ": expected true or false");
  }
}
