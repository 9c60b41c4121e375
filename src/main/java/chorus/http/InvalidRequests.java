package chorus.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * What the HTTP decoder refuses before any route sees it (request line longer than
 * {@code maxInitialLineLength}: 414; headers beyond {@code maxHeaderSize}: 431; anything else malformed, such
 * as a control character in a header: 400) answered like every other failure: RFC 9457 problem JSON, then the
 * connection is closed (the decoder cannot resynchronise on it).
 */
final class InvalidRequests implements Handler<HttpServerRequest> {

  @Override
  public void handle(HttpServerRequest request) {
    Problem problem = problem(request.decoderResult());
    request.response().setStatusCode(problem.status())
        .putHeader("Content-Type", Problem.CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store")
        .putHeader("Connection", "close")
        .end(problem.toJson(null).encode())
        .onComplete(ar -> request.connection().close());
  }

  static Problem problem(DecoderResult result) {
    Throwable cause = result == null ? null : result.cause();
    if (cause instanceof TooLongHttpLineException) {
      return Problem.of(414, "uri-too-long", "URI too long", "The request line is longer than this server reads.");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return Problem.of(431, "headers-too-large", "Request headers too large", "The request headers are larger than this server reads.");
    }
    return Problem.of(400, "malformed-request", "Malformed request", "The request is not valid HTTP/1.1 (bad request line or header).");
  }
}
