package chorus.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;

/**
 * A feature's routes. The main verticle builds one per feature (fan API, artwork, mail, ...) with the
 * process-wide services and hands them to every HTTP verticle instance, which mounts them: contract
 * operations on the {@link RouterBuilder} first, then plain routes before the static website.
 */
public interface Routes {
  /** Handlers of operations in {@code openapi.yaml}. */
  default void api(RouterBuilder api, Pool pool) {}

  /** Routes outside the contract ({@code /mail/*}, {@code /s/*}, {@code /media/*}, ...). */
  default void web(Router router, Pool pool) {}

  /** Routes outside the contract only. */
  static Routes web(java.util.function.BiConsumer<Router, Pool> mount) {
    return new Routes() {
      @Override
      public void web(Router router, Pool pool) {
        mount.accept(router, pool);
      }
    };
  }
}
