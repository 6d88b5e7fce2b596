package dev.ballast.simulator.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reading request bodies and paths. Stateless and thread-safe. */
final class HttpBodies {

  /** Largest accepted request body. */
  static final int MAX_BODY = 32 * 1024 * 1024;

  private HttpBodies() {}

  /** The error for a request body over {@link #MAX_BODY}. */
  static BadRequestException tooLarge() {
    return new BadRequestException("The request body exceeds " + MAX_BODY + " bytes.");
  }

  static byte[] read(HttpExchange exchange) {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw tooLarge();
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body as a JSON object. */
  static JsonNode readJson(HttpExchange exchange) {
    byte[] body = read(exchange);
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node == null || !node.isObject()) {
        throw new BadRequestException(
            "Malformed input request, please reformat your input and try again.");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new BadRequestException(
          "Malformed input request, please reformat your input and try again.");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes %XX escapes (as UTF-8) in a path segment; {@code +} stays a plus. */
  static String decodeSegment(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
