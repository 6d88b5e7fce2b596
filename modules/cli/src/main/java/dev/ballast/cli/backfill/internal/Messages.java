package dev.ballast.cli.backfill.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.client.JsonCodec;
import java.util.Locale;

/**
 * Providers' request bodies to Ballast's JSON request form ({@code ballast submit}'s fields), and
 * results back to answers. Text content only. Stateless.
 */
final class Messages {

  private Messages() {}

  /**
   * A Converse request body: {@code messages[].content[].text}, {@code system[].text}, {@code
   * inferenceConfig}.
   */
  static ObjectNode fromConverse(JsonNode in) {
    ObjectNode out = JsonCodec.MAPPER.createObjectNode();
    out.set("messages", messages(in, "messages", false));
    if (in.has("system")) {
      out.put("system", blocks(in.get("system"), "system", false));
    }
    JsonNode c = in.path("inferenceConfig");
    copyNumber(c, "maxTokens", out, "maxTokens");
    copyNumber(c, "temperature", out, "temperature");
    copyNumber(c, "topP", out, "topP");
    if (c.has("stopSequences")) {
      out.set("stopSequences", c.get("stopSequences"));
    }
    return out;
  }

  /**
   * An Anthropic Messages body: string or {@code [{type: text, text}]} content, {@code max_tokens}.
   */
  static ObjectNode fromAnthropic(JsonNode in) {
    ObjectNode out = JsonCodec.MAPPER.createObjectNode();
    out.set("messages", messages(in, "messages", true));
    if (in.has("system")) {
      JsonNode s = in.get("system");
      out.put("system", s.isTextual() ? s.asText() : blocks(s, "system", true));
    }
    if (!in.path("max_tokens").isIntegralNumber()) {
      throw new IllegalArgumentException("'max_tokens' must be an integer");
    }
    copyNumber(in, "max_tokens", out, "maxTokens");
    copyNumber(in, "temperature", out, "temperature");
    copyNumber(in, "top_p", out, "topP");
    if (in.has("stop_sequences")) {
      out.set("stopSequences", in.get("stop_sequences"));
    }
    return out;
  }

  /** OpenAI chat messages; system messages become the system prompt. */
  static ObjectNode fromOpenAi(JsonNode body) {
    ObjectNode out = JsonCodec.MAPPER.createObjectNode();
    JsonNode list = body.get("messages");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException("'body.messages' must be a non-empty array");
    }
    ArrayNode messages = out.putArray("messages");
    StringBuilder system = new StringBuilder();
    for (int i = 0; i < list.size(); i++) {
      JsonNode m = list.get(i);
      String role = m.path("role").asText();
      String text = content(m.get("content"), "body.messages[" + i + "].content", true);
      if (role.equals("system") || role.equals("developer")) {
        system.append(system.length() > 0 ? "\n" : "").append(text);
      } else if (role.equals("user") || role.equals("assistant")) {
        messages.addObject().put("role", role).put("content", text);
      } else {
        throw new IllegalArgumentException(
            "'body.messages[" + i + "].role' must be system, developer, user or assistant");
      }
    }
    if (system.length() > 0) {
      out.put("system", system.toString());
    }
    return out;
  }

  private static ArrayNode messages(JsonNode in, String field, boolean anthropic) {
    JsonNode list = in.get(field);
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' must be a non-empty array");
    }
    ArrayNode out = JsonCodec.MAPPER.createArrayNode();
    for (int i = 0; i < list.size(); i++) {
      JsonNode m = list.get(i);
      String role = m.path("role").asText();
      if (!role.equals("user") && !role.equals("assistant")) {
        throw new IllegalArgumentException(
            "'" + field + "[" + i + "].role' must be user or assistant");
      }
      String path = field + "[" + i + "].content";
      out.addObject().put("role", role).put("content", content(m.get("content"), path, anthropic));
    }
    return out;
  }

  private static String content(JsonNode c, String path, boolean stringAllowed) {
    if (c != null && c.isTextual() && stringAllowed) {
      return c.asText();
    }
    return blocks(c, path, stringAllowed);
  }

  /** Text blocks ({@code {text}} or {@code {type: text, text}}) joined by newlines. */
  private static String blocks(JsonNode c, String path, boolean typed) {
    if (c == null || !c.isArray() || c.isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + path
              + "' must be "
              + (typed ? "a string or " : "")
              + "a non-empty array of blocks");
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < c.size(); i++) {
      JsonNode block = c.get(i);
      boolean text =
          block.path("text").isTextual()
              && (!block.has("type") || "text".equals(block.path("type").asText()));
      if (!text) {
        throw new IllegalArgumentException(
            "'" + path + "[" + i + "]': only text blocks are supported");
      }
      b.append(i > 0 ? "\n" : "").append(block.get("text").asText());
    }
    return b.toString();
  }

  private static void copyNumber(JsonNode from, String field, ObjectNode to, String as) {
    JsonNode v = from.get(field);
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException("'" + field + "' must be a number");
    }
    to.set(as, v);
  }

  /** The answer of a result: its text, else its JSON. */
  static String answer(JsonNode result) {
    if (result.hasNonNull("text")) {
      return result.get("text").asText();
    }
    JsonNode json = result.get("json");
    return json == null ? "" : json.isTextual() ? json.asText() : json.toString();
  }

  /** An HTTP status for a reason code: 400 for what the request caused, 500 otherwise. */
  static int httpStatus(String reasonCode) {
    String c = reasonCode.toUpperCase(Locale.ROOT);
    return c.contains("INVALID")
            || c.contains("REJECTED")
            || c.contains("UNKNOWN")
            || c.contains("TOO_LONG")
            || c.contains("CONTEXT")
        ? 400
        : 500;
  }
}
