package chorus.console;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/**
 * Rows of a query written to a stream as they come, through a PostgreSQL cursor (a transaction, fetching
 * {@value #FETCH} rows at a time) with back-pressure: memory stays constant however many rows there are.
 */
final class SqlStreams {
  static final int FETCH = 500;

  private SqlStreams() {}

  /** Writes {@code header}, then each row as {@code line(row)}; the future completes after the last row (the stream is not ended). */
  static Future<Long> copy(Pool pool, String sql, Tuple args, Buffer header, Function<Row, Buffer> line, WriteStream<Buffer> out) {
    return pool.withTransaction(conn -> conn.prepare(sql).compose(ps -> {
      Promise<Long> done = Promise.promise();
      long[] count = {0};
      if (header != null) out.write(header);
      RowStream<Row> rows = ps.createStream(FETCH, args);
      rows.exceptionHandler(done::tryFail);
      rows.endHandler(v -> done.tryComplete(count[0]));
      rows.handler(row -> {
        out.write(line.apply(row));
        count[0]++;
        if (out.writeQueueFull()) {
          rows.pause();
          out.drainHandler(v -> rows.resume());
        }
      });
      return done.future().eventually(() -> rows.close());
    }));
  }

  /** A CSV field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused for spreadsheets. */
  static String csv(Object value) {
    if (value == null) return "";
    String s = value.toString();
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !(value instanceof Number)) s = "'" + s;
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) s = "\"" + s.replace("\"", "\"\"") + "\"";
    return s;
  }
}
