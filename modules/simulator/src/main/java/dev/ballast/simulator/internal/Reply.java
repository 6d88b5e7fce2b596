package dev.ballast.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response to send. Immutable.
 *
 * @param status HTTP status
 * @param headers response headers
 * @param body response body, possibly empty
 */
record Reply(int status, Map<String, String> headers, byte[] body) {

  Reply {
    headers = Map.copyOf(headers);
  }

  static Reply json(int status, Object body) {
    return new Reply(status, Map.of("Content-Type", "application/json"), Json.bytes(body));
  }

  static Reply text(int status, String body) {
    return new Reply(
        status,
        Map.of("Content-Type", "text/plain; charset=utf-8"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  Reply withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Reply(status, h, body);
  }
}
