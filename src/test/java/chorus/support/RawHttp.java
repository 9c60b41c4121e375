package chorus.support;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written (no client normalises the path or the headers):
 * what a hostile client sends. One request per connection ({@code Connection: close} is added unless present).
 */
public final class RawHttp {
  private RawHttp() {}

  public record Answer(int status, Map<String, String> headers, String body, long millis) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public JsonObject json() {
      return new JsonObject(body);
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }
  }

  /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body}. */
  public static Answer send(int port, String head, byte[] body, int timeoutMillis) throws IOException {
    long start = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      s.setSoTimeout(timeoutMillis);
      OutputStream out = s.getOutputStream();
      String h = head.toLowerCase(Locale.ROOT).contains("\r\nconnection:") ? head : head + "\r\nConnection: close";
      out.write((h + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) out.write(body);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) all.write(buf, 0, n);
      } catch (SocketTimeoutException e) {
        if (all.size() == 0) throw new IOException("no answer within " + timeoutMillis + " ms to " + head.lines().findFirst().orElse(""), e);
      } catch (IOException e) {
        if (all.size() == 0) throw e; // reset after the answer was written is fine
      }
      return parse(all.toString(StandardCharsets.ISO_8859_1), (System.nanoTime() - start) / 1_000_000);
    }
  }

  public static Answer send(int port, String head) throws IOException {
    return send(port, head, null, 10_000);
  }

  static Answer parse(String raw, long millis) throws IOException {
    int end = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/1.") || end < 0) throw new IOException("not an HTTP answer: " + raw);
    String[] lines = raw.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    String body = raw.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) body = dechunk(body);
    return new Answer(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8), millis);
  }

  private static String dechunk(String s) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      int eol = s.indexOf("\r\n", i);
      if (eol < 0) break;
      int size = Integer.parseInt(s.substring(i, eol).split(";")[0].trim(), 16);
      if (size == 0) break;
      b.append(s, eol + 2, Math.min(s.length(), eol + 2 + size));
      i = eol + 2 + size + 2;
    }
    return b.toString();
  }
}
