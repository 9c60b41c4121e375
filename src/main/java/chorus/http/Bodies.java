package chorus.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A {@link BodyHandler} run only for the methods that carry a body (POST, PUT, PATCH, DELETE). Vert.x Web's
 * body handler throws on a GET, HEAD or OPTIONS that claims a multipart body ("Request method must be one of
 * POST, PUT, PATCH or DELETE to decode a multipart request"), which would answer 500 to a malformed request.
 */
public final class Bodies {
  private Bodies() {}

  public static Handler<RoutingContext> ofMethodsWithBody(BodyHandler body) {
    return ctx -> {
      HttpMethod m = ctx.request().method();
      if (m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH || m == HttpMethod.DELETE) body.handle(ctx);
      else ctx.next();
    };
  }
}
