package chorus.ratelimit;

import chorus.ratelimit.Decision.Verdict;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The GCRA Lua script ({@code ratelimit/gcra.lua}): its source, its SHA-1 and the requests that run it. */
public final class GcraScript {

  public static final String RESOURCE = "ratelimit/gcra.lua";

  private final String source;
  private final String sha1;

  private GcraScript(String source) {
    this.source = source;
    this.sha1 = sha1(source);
  }

  public static GcraScript load() {
    try (InputStream in = GcraScript.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing class-path resource " + RESOURCE);
      return new GcraScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  public String source() {
    return source;
  }

  /** The SHA-1 Redis files the script under (what {@code SCRIPT LOAD} would answer). */
  public String sha1() {
    return sha1;
  }

  /** {@code EVALSHA sha n key... (T tau enforce)...}. */
  public Request evalsha(List<Bucket> buckets) {
    return withArgs(Request.cmd(Command.EVALSHA).arg(sha1), buckets);
  }

  /** {@code EVAL source n key... (T tau enforce)...}: runs the script and caches it in Redis. */
  public Request eval(List<Bucket> buckets) {
    return withArgs(Request.cmd(Command.EVAL).arg(source), buckets);
  }

  /** The arguments after the script (as {@code redis-cli}/{@code redis-benchmark} would pass them). */
  public static List<String> args(List<Bucket> buckets) {
    List<String> args = new ArrayList<>();
    args.add(Integer.toString(buckets.size()));
    for (Bucket b : buckets) args.add(b.key());
    for (Bucket b : buckets) {
      args.add(Long.toString(b.limit().emissionMs()));
      args.add(Long.toString(b.limit().toleranceMs()));
      args.add(b.limit().dryRun() ? "0" : "1");
    }
    return args;
  }

  private static Request withArgs(Request request, List<Bucket> buckets) {
    for (String a : args(buckets)) request.arg(a);
    return request;
  }

  /** Reads the script's reply: {@code {admitted, (conforms, remaining, retry_ms, reset_ms)...}}. */
  public static Decision parse(List<Bucket> buckets, Response reply) {
    if (reply == null || reply.size() != 1 + 4 * buckets.size()) {
      throw new IllegalStateException("unexpected reply from the GCRA script: " + reply);
    }
    List<Verdict> verdicts = new ArrayList<>(buckets.size());
    for (int i = 0; i < buckets.size(); i++) {
      int at = 1 + 4 * i;
      Bucket b = buckets.get(i);
      verdicts.add(new Verdict(b.limit(), b.key(), reply.get(at).toInteger() == 1, reply.get(at + 1).toLong(),
          reply.get(at + 2).toLong(), reply.get(at + 3).toLong()));
    }
    return new Decision(reply.get(0).toInteger() == 1, verdicts, Decision.Source.REDIS);
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-1", e);
    }
  }
}
