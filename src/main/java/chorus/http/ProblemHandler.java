package chorus.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import chorus.core.Failure;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error handler: turns every failure into RFC 9457 problem JSON (or, for a browser on a page route, the
 * same status as a page: {@link ErrorPages}). Known failures keep their status;
 * anything unexpected is a 500 that is logged once with the request id and counted
 * ({@code chorus_unhandled_errors_total}, the alert hook).
 */
public final class ProblemHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
  private static final Pattern REQUIRED = Pattern.compile("required property \\W?(\\w+)");
  private static final Pattern PARAMETER = Pattern.compile("value of \\w+ parameter (\\S+) is invalid");
  private final Counter unhandled;
  private final Counter outages;

  public ProblemHandler(MeterRegistry registry) {
    this.unhandled = registry == null ? null : Counter.builder("chorus.unhandled.errors")
        .description("Failures answered with a 500 (alert on any)").register(registry);
    this.outages = registry == null ? null : Counter.builder("chorus.dependency.unavailable")
        .description("Requests answered 503 because a dependency did not answer in time or could not be reached").register(registry);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Problem problem = toProblem(ctx);
    if (problem.status() == 500 && !(ctx.failure() instanceof Failure)) {
      if (unhandled != null) unhandled.increment();
      try (var m = RequestIds.mdc(ctx)) {
        LOG.error("unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
      }
    } else if (problem.status() == 503 && ctx.failure() != null && !(ctx.failure() instanceof Failure)) {
      if (outages != null) outages.increment();
      try (var m = RequestIds.mdc(ctx)) {
        LOG.warn("{} {} answered 503: {}", ctx.request().method(), ctx.request().path(), String.valueOf(ctx.failure()));
      }
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (ErrorPages.wanted(ctx)) {
      ErrorPages.send(ctx, problem);
      return;
    }
    var response = ctx.response().setStatusCode(problem.status())
        .putHeader("Content-Type", Problem.CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store");
    if (problem.retryAfter() >= 0) response.putHeader("Retry-After", String.valueOf(problem.retryAfter()));
    if (problem.status() == 413 && ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
      response.putHeader("Connection", "close");
    }
    response.end(problem.toJson(ctx.request().path()).put("requestId", RequestIds.of(ctx)).encode());
  }

  static Problem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof HttpException http && http.getCause() != null) failure = http.getCause();
    if (failure instanceof Failure f) return Problem.of(f);
    if (failure != null && Outages.isOutage(failure)) {
      return Problem.of(Failure.unavailable("A service this request needs is not answering; try again shortly.", 5));
    }
    if (failure instanceof SchemaValidationException e) return fromSchema(e);
    if (failure instanceof ValidatorException e) return fromValidator(e);
    if (failure instanceof DecodeException) return Problem.of(Failure.invalid("The body is not valid JSON."));
    if (failure instanceof IllegalArgumentException e && ctx.statusCode() == 400) return Problem.of(Failure.invalid(e.getMessage()));
    if (failure instanceof IllegalArgumentException e && fromTheContractValidator(e)) {
      // e.g. a text/plain body handed to the JSON schema validator as raw bytes: the request, not Chorus, is at fault
      return Problem.of(Failure.invalid("The body cannot be read as the type it declares."));
    }
    return switch (ctx.statusCode()) {
      case 400 -> Problem.of(Failure.invalid("The request is malformed."));
      case 401 -> Problem.of(Failure.unauthorized("Credentials are missing or wrong."));
      case 403 -> Problem.of(403, "forbidden", "Forbidden", "This is not allowed.");
      case 404 -> Problem.of(Failure.notFound("There is nothing at " + ctx.request().path() + "."));
      case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed", ctx.request().method() + " is not allowed here.");
      case 406 -> Problem.of(406, "not-acceptable", "Not acceptable", "No acceptable representation.");
      case 413 -> Problem.of(413, "too-large", "Payload too large", "The request body is larger than allowed.");
      case 414 -> Problem.of(414, "uri-too-long", "URI too long", "The request URI is too long.");
      case 415 -> Problem.of(415, "unsupported-media-type", "Unsupported media type", "Send application/json.");
      case 431 -> Problem.of(431, "headers-too-large", "Request headers too large", "The request headers are too large.");
      case 503 -> Problem.of(Failure.unavailable("Try again shortly.", 5));
      default -> ctx.statusCode() >= 400 && ctx.statusCode() < 500
          ? Problem.of(ctx.statusCode(), "client-error", "Client error", "The request cannot be served.")
          : Problem.of(500, "internal", "Internal error", "Something went wrong on our side; it has been logged.");
    };
  }

  /** Thrown inside Vert.x's OpenAPI request validation or its JSON schema validator. */
  static boolean fromTheContractValidator(Throwable e) {
    for (StackTraceElement f : e.getStackTrace()) {
      if (f.getClassName().startsWith("io.vertx.openapi.validation.") || f.getClassName().startsWith("io.vertx.json.schema.")) return true;
    }
    return false;
  }

  private static Problem fromValidator(ValidatorException e) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    if (msg.contains("format of the request body is not supported") || msg.contains("media type")) {
      return Problem.of(415, "unsupported-media-type", "Unsupported media type", "Send application/json.");
    }
    return Problem.of(Failure.invalid(msg));
  }

  /** A 400 that names the field the schema rejected, e.g. {@code email}. */
  private static Problem fromSchema(SchemaValidationException e) {
    OutputUnit unit = deepest(e.getOutputUnit());
    String location = unit == null || unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
    String field = location.replaceFirst("^#?/?", "").replace('/', '.');
    Matcher param = PARAMETER.matcher(String.valueOf(e.getMessage()));
    if (field.isEmpty() && param.find()) field = param.group(1);
    String detail = unit != null && unit.getError() != null ? unit.getError() : e.getMessage();
    Matcher required = REQUIRED.matcher(errors(e.getOutputUnit()));
    if (field.isEmpty() && required.find()) {
      field = required.group(1);
      detail = "is required";
    }
    if (field.isEmpty()) {
      if (e.getMessage() != null && e.getMessage().toLowerCase().contains("request body")) {
        return Problem.of(Failure.invalid("The request body is missing or is not the expected JSON object."));
      }
      return Problem.of(Failure.invalid(detail));
    }
    return Problem.of(Failure.of(Failure.Kind.INVALID, "invalid-field", "Invalid field", field + ": " + detail)
        .with("errors", new JsonArray().add(new JsonObject().put("field", field).put("detail", detail))));
  }

  private static String errors(OutputUnit unit) {
    if (unit == null) return "";
    StringBuilder sb = new StringBuilder(String.valueOf(unit.getError()));
    if (unit.getErrors() != null) unit.getErrors().forEach(u -> sb.append(' ').append(errors(u)));
    return sb.toString();
  }

  private static OutputUnit deepest(OutputUnit unit) {
    if (unit == null) return null;
    if (unit.getErrors() != null) {
      for (OutputUnit child : unit.getErrors()) {
        OutputUnit d = deepest(child);
        if (d != null && d.getInstanceLocation() != null && !d.getInstanceLocation().replaceFirst("^#?/?", "").isEmpty()) return d;
      }
    }
    return unit;
  }
}
