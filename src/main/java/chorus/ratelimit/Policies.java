package chorus.ratelimit;


import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated content of {@code conf/ratelimit.json}: a policy per route group (a {@code default}
 * is required) and the limiter's settings. Any mistake is an {@link IllegalArgumentException} naming the field;
 * start-up (the main verticle's process services) turns it into the configuration error that names the file or
 * setting too, and stops before the first request.
 */
public record Policies(
    Map<String, RateLimitPolicy> groups,
    List<String> trustedProxies,
    String clientIpHeader,
    String keyPrefix,
    long budgetMs,
    long probeIntervalMs,
    int failuresBeforeFallback,
    int localMaxKeys) {

  public static final String DEFAULT_GROUP = "default";
  public static final Path DEFAULT_FILE = Path.of("conf", "ratelimit.json");

  public Policies {
    groups = Map.copyOf(groups);
    trustedProxies = List.copyOf(trustedProxies);
  }

  public boolean has(String name) {
    return groups.containsKey(name);
  }

  public RateLimitPolicy group(String name) {
    RateLimitPolicy p = groups.get(name);
    if (p == null) throw new IllegalArgumentException("ratelimit.policies: no policy for route group '" + name + "'");
    return p;
  }

  public static Policies load(Path file) {
    try {
      return fromJson(new JsonObject(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read rate-limit policies from " + file, e);
    }
  }

  public static Policies fromJson(JsonObject json) {
    String root = "ratelimit";
    JsonObject redis = PolicyFields.object(json, "redis", root);
    JsonObject clientIp = PolicyFields.object(json, "clientIp", root);
    JsonObject local = PolicyFields.object(json, "local", root);
    JsonObject policies = PolicyFields.object(json, "policies", root);

    Map<String, RateLimitPolicy> groups = new LinkedHashMap<>();
    for (String group : policies.fieldNames()) {
      String at = root + ".policies." + group;
      if (!(policies.getValue(group) instanceof JsonObject p)) throw new IllegalArgumentException(at + ": expected an object");
      groups.put(group, RateLimitPolicy.fromJson(group, p, at));
    }
    if (!groups.containsKey(DEFAULT_GROUP)) {
      throw new IllegalArgumentException(root + ".policies.default: a default policy is required");
    }

    List<String> proxies = new ArrayList<>();
    JsonArray list = PolicyFields.array(clientIp, "trustedProxies", root + ".clientIp");
    for (int i = 0; list != null && i < list.size(); i++) {
      String at = root + ".clientIp.trustedProxies[" + i + "]";
      if (!(list.getValue(i) instanceof String cidr)) throw new IllegalArgumentException(at + ": expected a CIDR string");
      Cidr.parse(cidr, at); // validate now
      proxies.add(cidr.trim());
    }
    String header = PolicyFields.string(clientIp, "header", root + ".clientIp");
    header = header == null ? ClientIp.X_FORWARDED_FOR : header.trim();
    if (!header.equalsIgnoreCase(ClientIp.X_FORWARDED_FOR) && !header.equalsIgnoreCase(ClientIp.CLOUDFRONT_VIEWER)) {
      throw new IllegalArgumentException(root + ".clientIp.header: expected " + ClientIp.X_FORWARDED_FOR + " or "
          + ClientIp.CLOUDFRONT_VIEWER + " (got '" + header + "')");
    }
    String prefix = PolicyFields.string(redis, "keyPrefix", root + ".redis");
    if (prefix != null && (prefix.isBlank() || prefix.contains("{") || prefix.contains("}"))) {
      throw new IllegalArgumentException(root + ".redis.keyPrefix: must be non-blank, without braces");
    }
    long budget = PolicyFields.positiveLong(redis, "budgetMs", 50L, root + ".redis");
    long probe = PolicyFields.positiveLong(redis, "probeIntervalMs", 1000L, root + ".redis");
    long failures = PolicyFields.positiveLong(redis, "failuresBeforeFallback", 3L, root + ".redis");
    if (failures > 1000) throw new IllegalArgumentException(root + ".redis.failuresBeforeFallback: at most 1000");
    long maxKeys = PolicyFields.positiveLong(local, "maxKeys", 100_000L, root + ".local");
    if (maxKeys > 10_000_000) throw new IllegalArgumentException(root + ".local.maxKeys: at most 10000000");
    return new Policies(groups, proxies, header, prefix == null ? "chorus:rl" : prefix, budget, probe, (int) failures,
        (int) maxKeys);
  }

  /**
   * The policy file with the deployment's settings laid over it (from the settings table: trusted proxies,
   * client-IP header, Redis budget); a null or blank value keeps the file's.
   */
  public static JsonObject withSettings(JsonObject file, String trustedProxies, String clientIpHeader, Integer budgetMs) {
    JsonObject json = file.copy();
    JsonObject clientIp = json.getJsonObject("clientIp", new JsonObject());
    JsonObject redis = json.getJsonObject("redis", new JsonObject());
    if (trustedProxies != null) {
      JsonArray list = new JsonArray();
      for (String cidr : trustedProxies.split(",")) if (!cidr.isBlank()) list.add(cidr.trim());
      clientIp.put("trustedProxies", list);
    }
    if (clientIpHeader != null && !clientIpHeader.isBlank()) clientIp.put("header", clientIpHeader.trim());
    if (budgetMs != null) redis.put("budgetMs", budgetMs.longValue());
    return json.put("clientIp", clientIp).put("redis", redis);
  }

}
