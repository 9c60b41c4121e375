package chorus.core;

import chorus.core.Setting.Type;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Every setting Chorus reads, in one table (the README's configuration table mirrors it; a test keeps the
 * two in step). Values come from {@code conf/chorus.json}, then {@code CHORUS_*} environment variables,
 * then explicit overrides (tests). {@link #load} validates all of them and fails naming the first bad one.
 */
public final class Settings {
  private Settings() {}

  public static final String MODE_LOCAL = "local";
  public static final String MODE_PRODUCTION = "production";
  public static final String ROLE_WEB = "web";
  public static final String ROLE_WORKER = "worker";
  public static final String ROLE_BOTH = "both";

  private static final java.util.regex.Pattern SNS_TOPIC = java.util.regex.Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}");
  /** Domains that can never receive or send mail (RFC 2606 and 6761): SES refuses them. */
  private static final java.util.regex.Pattern UNROUTABLE_FROM = java.util.regex.Pattern.compile("(?i).*@[^>]*\\.(invalid|localhost|local)>?\\s*$");

  public static final List<Setting> ALL = List.of(
      Setting.of("mode", Type.STRING, "`local` (embedded services for what is not configured) or `production` (everything must be configured)")
          .checked(v -> v.equals(MODE_LOCAL) || v.equals(MODE_PRODUCTION), "local or production"),
      Setting.of("http.host", Type.STRING, "Address the HTTP server binds"),
      Setting.of("http.port", Type.INT, "HTTP port").checked(v -> between(v, 0, 65535), "a port 0-65535"),
      Setting.of("http.instances", Type.INT, "HTTP verticle instances (0 = one per core)").checked(v -> between(v, 0, 256), "0-256"),
      Setting.of("http.maxBodyBytes", Type.INT, "Largest JSON request body accepted (413 above)").checked(v -> between(v, 1024, 10_000_000), "1024-10000000"),
      Setting.of("http.shutdownSeconds", Type.INT, "On SIGTERM: how long in-flight requests may take to finish").checked(v -> between(v, 0, 120), "0-120"),
      Setting.of("http.countryHeader", Type.STRING, "Header the CDN sets with the viewer's country"),
      Setting.of("publicBaseUrl", Type.URL, "Absolute base URL of the site as fans see it (share links, og:image, upload URLs)").required(),
      Setting.of("secret", Type.SECRET, "HMAC key (32+ characters) for signed upload URLs and mail tokens; the same on every container").required()
          .checked(v -> v.length() >= 32, "at least 32 characters"),
      Setting.of("pg.url", Type.URL, "PostgreSQL URL `postgresql://user:password@host:5432/db`; local: embedded").required()
          .checked(v -> scheme(v, "postgresql", "postgres"), "a postgresql:// URL"),
      Setting.of("pg.poolSize", Type.INT, "PostgreSQL connections per container").checked(v -> between(v, 1, 200), "1-200"),
      Setting.of("redis.url", Type.URL, "Redis URL `redis://[:password@]host:6379[/db]` (`rediss://` for TLS); local: embedded").required()
          .checked(v -> scheme(v, "redis", "rediss"), "a redis:// or rediss:// URL"),
      Setting.of("s3.bucket", Type.STRING, "S3 bucket for recordings and artwork; unset in local mode = local disk").required(),
      Setting.of("s3.region", Type.STRING, "S3 region"),
      Setting.of("s3.endpoint", Type.URL, "S3 endpoint override (S3-compatible servers); empty = AWS")
          .checked(v -> v.isEmpty() || scheme(v, "http", "https"), "an http(s) URL"),
      Setting.of("s3.pathStyle", Type.BOOLEAN, "Path-style S3 addressing (S3-compatible servers)"),
      Setting.of("s3.accessKeyId", Type.STRING, "S3 access key; empty = the AWS default chain (ECS task role)"),
      Setting.of("s3.secretAccessKey", Type.SECRET, "S3 secret key; empty = the AWS default chain"),
      Setting.of("storage.dir", Type.STRING, "Local-disk object storage folder (local mode without S3)"),
      Setting.of("local.dir", Type.STRING, "Folder for embedded PostgreSQL data and local state"),
      Setting.of("smtp.host", Type.STRING, "SMTP server (SES SMTP endpoint in production); unset in local mode = mail written to `mail.dir`").required(),
      Setting.of("smtp.port", Type.INT, "SMTP port").checked(v -> between(v, 1, 65535), "a port 1-65535"),
      Setting.of("smtp.username", Type.STRING, "SMTP login"),
      Setting.of("smtp.password", Type.SECRET, "SMTP password"),
      Setting.of("smtp.starttls", Type.STRING, "STARTTLS: `required`, `optional` or `disabled`")
          .checked(v -> List.of("required", "optional", "disabled").contains(v), "required, optional or disabled"),
      Setting.of("mail.from", Type.STRING, "From address of campaign mail, on a domain verified with SES (local mode: `hello@chorus.invalid`)").required()
          .checked(v -> v.contains("@"), "an email address"),
      Setting.of("mail.dir", Type.STRING, "Folder where local mode writes mail as .eml files"),
      Setting.of("mail.ratePerSecond", Type.INT, "Mails per second per container at most (0 = no cap; SES accounts have a sending rate)").checked(v -> between(v, 0, 10_000), "0-10000"),
      Setting.of("mail.confirmPerDay", Type.INT, "Confirmation mails one address may receive per day (list-bombing guard)").checked(v -> between(v, 1, 100), "1-100"),
      Setting.of("mail.batchSize", Type.INT, "Outbox rows claimed at once").checked(v -> between(v, 1, 1000), "1-1000"),
      Setting.of("mail.leaseSeconds", Type.INT, "How long a claim lasts before another container may send the row").checked(v -> between(v, 30, 3600), "30-3600"),
      Setting.of("mail.pollMillis", Type.INT, "Outbox poll interval besides the wake-up after each commit").checked(v -> between(v, 100, 600_000), "100-600000"),
      Setting.of("mail.maxAttempts", Type.INT, "Attempts before a mail is given up as failed").checked(v -> between(v, 1, 1000), "1-1000"),
      Setting.of("mail.retryBaseMillis", Type.INT, "First retry delay (doubles each attempt, with jitter)").checked(v -> between(v, 10, 3_600_000), "10-3600000"),
      Setting.of("mail.retryMaxMillis", Type.INT, "Longest retry delay").checked(v -> between(v, 10, 86_400_000), "10-86400000"),
      Setting.of("mail.smtpConnections", Type.INT, "SMTP connections per container").checked(v -> between(v, 1, 64), "1-64"),
      Setting.of("mail.unsubscribeMailto", Type.STRING, "Optional mailto: address for List-Unsubscribe").checked(v -> v.contains("@"), "an email address"),
      Setting.of("mail.snsTopicArn", Type.STRING, "SES feedback SNS topic accepted on /mail/sns (local mode: empty = any topic whose signature verifies)").required()
          .checked(v -> SNS_TOPIC.matcher(v).matches(), "an SNS topic ARN arn:aws:sns:<region>:<account>:<name>"),
      Setting.of("mail.heloName", Type.STRING, "SMTP HELO name (default: host of publicBaseUrl)"),
      Setting.of("ratelimit.file", Type.STRING, "Rate-limit policies per route group (JSON)"),
      Setting.of("trustedProxies", Type.STRING, "Comma-separated CIDRs of proxies (load balancer) whose client-IP header is believed"),
      Setting.of("clientIpHeader", Type.STRING, "Header with the client IP from a trusted proxy: `X-Forwarded-For` or `CloudFront-Viewer-Address`")
          .checked(v -> v.equalsIgnoreCase("X-Forwarded-For") || v.equalsIgnoreCase("CloudFront-Viewer-Address"), "X-Forwarded-For or CloudFront-Viewer-Address"),
      Setting.of("ratelimit.budgetMs", Type.INT, "Longest wait for Redis on a rate-limit check before the in-process fallback answers").checked(v -> between(v, 1, 5000), "1-5000"),
      Setting.of("render.workers", Type.INT, "Render worker threads (0 = one per core)").checked(v -> between(v, 0, 64), "0-64"),
      Setting.of("render.queue", Type.INT, "Renders waiting or running per container before new ones get 503 + Retry-After").checked(v -> between(v, 1, 10_000), "1-10000"),
      Setting.of("render.quality", Type.INT, "JPEG quality of artwork, percent").checked(v -> between(v, 50, 100), "50-100"),
      Setting.of("fonts.dir", Type.STRING, "Folder of the artwork fonts (`chain.txt` lists the fallback order)"),
      Setting.of("webroot", Type.STRING, "Folder of the static website"),
      Setting.of("conf.dir", Type.STRING, "Folder of campaign and policy files"),
      Setting.of("role", Type.STRING, "What this container runs: `web` (HTTP and artwork renders), `worker` (job queue and mailer) or `both`")
          .checked(v -> List.of(ROLE_WEB, ROLE_WORKER, ROLE_BOTH).contains(v), "web, worker or both"),
      Setting.of("jobs.workers", Type.INT, "Job worker threads (pool `chorus-jobs`; 0 = one per core): jobs run at once per container").checked(v -> between(v, 0, 256), "0-256"),
      Setting.of("jobs.leaseSeconds", Type.INT, "Lease of a claimed job, renewed by heartbeats every third of it; after a crash another container takes the job once it runs out").checked(v -> between(v, 3, 3600), "3-3600"),
      Setting.of("jobs.pollMillis", Type.INT, "Job queue poll interval besides the wake-up after each commit").checked(v -> between(v, 50, 600_000), "50-600000"),
      Setting.of("jobs.retryBaseMillis", Type.INT, "First job retry delay ceiling (doubles each attempt; full jitter below it)").checked(v -> between(v, 10, 3_600_000), "10-3600000"),
      Setting.of("jobs.retryMaxMillis", Type.INT, "Longest job retry delay").checked(v -> between(v, 10, 86_400_000), "10-86400000"),
      Setting.of("jobs.shutdownSeconds", Type.INT, "On SIGTERM: how long running jobs may take to finish before their leases are released").checked(v -> between(v, 0, 120), "0-120"),
      Setting.of("metrics.port", Type.INT, "Port of `/metrics` (Prometheus), apart from the public port so the load balancer never exposes it (0 = no metrics endpoint)")
          .checked(v -> between(v, 0, 65535), "a port 0-65535"),
      Setting.of("uploads.sweepSeconds", Type.INT, "How often one container deletes staged uploads whose URL expired (takes never completed are marked expired)")
          .checked(v -> between(v, 5, 86_400), "5-86400"),
      Setting.of("artwork.perFanPerDay", Type.INT, "New artworks one fan may have drawn per 24 hours (429 + Retry-After beyond)")
          .checked(v -> between(v, 1, 10_000), "1-10000"),
      Setting.of("http.deadlineMs", Type.INT, "Longest a request may wait for the start of its answer: past it the answer is 503 + Retry-After (a download that has begun runs on)").checked(v -> between(v, 100, 300_000), "100-300000"),
      Setting.of("http.drainSeconds", Type.INT, "On SIGTERM: how long `/health/ready` answers 503 while still serving, before the server stops accepting").checked(v -> between(v, 0, 120), "0-120"),
      Setting.of("pg.timeoutMs", Type.INT, "Longest wait for a PostgreSQL connection, from the pool or a new one").checked(v -> between(v, 100, 60_000), "100-60000"),
      Setting.of("pg.statementTimeoutMs", Type.INT, "PostgreSQL `statement_timeout` of the app's connections (not migrations)").checked(v -> between(v, 100, 3_600_000), "100-3600000"),
      Setting.of("console.idleSeconds", Type.INT, "Console sessions expire after this many idle seconds").checked(v -> between(v, 5, 86_400), "5-86400"),
      Setting.of("console.loginAttempts", Type.INT, "Failed console sign-ins per account before a lockout (per address: four times as many)").checked(v -> between(v, 1, 100), "1-100"),
      Setting.of("console.lockoutMinutes", Type.INT, "How long a console sign-in lockout lasts (an admin can lift it)").checked(v -> between(v, 1, 1440), "1-1440"),
      Setting.of("mix.batch", Type.INT, "Takes per leaf job of a chorus mix (memory per job: one stem-length float submix plus one take)").checked(v -> between(v, 1, 100_000), "1-100000"),
      Setting.of("mix.fanIn", Type.INT, "Submixes summed per merge job of a chorus mix").checked(v -> between(v, 2, 1_000), "2-1000"),
      Setting.of("alerts.webhookUrl", Type.STRING, "Chat or push webhook (Slack-style JSON `text`) that error spikes are posted to; empty = none")
          .checked(v -> v.isEmpty() || v.startsWith("https://") || v.startsWith("http://"), "an http(s) URL or empty"),
      Setting.of("alerts.errorsPerMinute", Type.INT, "Server errors (5xx) plus page-reported errors per minute, per container, that post an alert").checked(v -> between(v, 1, 1_000_000), "1-1000000"),
      Setting.of("alerts.checkSeconds", Type.INT, "How often the error rate is looked at for the webhook").checked(v -> between(v, 1, 3600), "1-3600"),
      Setting.of("alerts.cooldownSeconds", Type.INT, "At most one alert per this many seconds for the whole site").checked(v -> between(v, 1, 86_400), "1-86400"),
      Setting.of("retention.checkSeconds", Type.INT, "How often a worker checks whether the retention period set in the console is over (then the retention job runs, at most once a day)")
          .checked(v -> between(v, 10, 86_400), "10-86400"));

  /** Loads and validates settings; throws {@link ConfigException} naming the first bad setting. */
  public static Config load(JsonObject fileDefaults, Map<String, String> env, JsonObject overrides) {
    JsonObject values = new JsonObject();
    for (Setting s : ALL) {
      Object v = overrides.containsKey(s.key()) ? overrides.getValue(s.key())
          : env.containsKey(s.env()) ? env.get(s.env())
          : fileDefaults.getValue(s.key());
      String text = v == null ? "" : String.valueOf(v).trim();
      if (!text.isEmpty() && !s.check().test(text)) {
        throw new ConfigException(s.env() + " (" + s.key() + ") is '" + shown(s, text) + "': expected " + s.expectation());
      }
      if (!text.isEmpty()) values.put(s.key(), convert(s, text));
    }
    String mode = values.getString("mode", MODE_PRODUCTION);
    if (MODE_PRODUCTION.equals(mode)) {
      for (Setting s : ALL) {
        if (s.requiredInProduction() && !values.containsKey(s.key())) {
          throw new ConfigException(s.env() + " (" + s.key() + ") must be set in production mode: " + s.description());
        }
      }
    }
    if (MODE_PRODUCTION.equals(mode) && UNROUTABLE_FROM.matcher(values.getString("mail.from")).matches()) {
      throw new ConfigException("CHORUS_MAIL_FROM (mail.from) is '" + values.getString("mail.from")
          + "': production needs a sender on a domain verified with SES, not a reserved one");
    }
    values.put("mode", mode);
    return new Config(values);
  }

  private static Object convert(Setting s, String text) {
    return switch (s.type()) {
      case INT -> Integer.parseInt(text);
      case BOOLEAN -> {
        if (!text.equals("true") && !text.equals("false")) {
          throw new ConfigException(s.env() + " (" + s.key() + ") is '" + text + "': expected true or false");
        }
        yield Boolean.parseBoolean(text);
      }
      case URL -> {
        try {
          URI u = new URI(text);
          if (u.getScheme() == null || u.getHost() == null) throw new ConfigException(s.env() + " (" + s.key() + ") is not an absolute URL with a host");
          yield text;
        } catch (java.net.URISyntaxException e) {
          throw new ConfigException(s.env() + " (" + s.key() + ") is not a valid URL: " + e.getReason());
        }
      }
      default -> text;
    };
  }

  private static String shown(Setting s, String text) {
    return s.type() == Type.SECRET ? "(hidden)" : text.replaceAll("//([^/@]*)@", "//***@");
  }

  private static boolean between(String v, int lo, int hi) {
    try {
      int i = Integer.parseInt(v);
      return i >= lo && i <= hi;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean scheme(String v, String... schemes) {
    for (String s : schemes) if (v.startsWith(s + "://")) return true;
    return false;
  }
}
