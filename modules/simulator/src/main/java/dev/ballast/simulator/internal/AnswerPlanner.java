package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.simulator.ModelConfig;
import dev.ballast.simulator.StopReason;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decides the content of a successful answer, deterministically from the seed and the request: text
 * of the model's output length (or a rule's), or a value generated from the requested schema; both
 * cut at the request's max tokens as real models cut them (a text prefix; a tool call holding the
 * properties that fit; JSON text cut mid-value). Stateless and thread-safe.
 */
final class AnswerPlanner {

  /** Bedrock's default guardrail message for a blocked answer. */
  static final String GUARDRAIL_MESSAGE = "Sorry, the model cannot answer this question.";

  private AnswerPlanner() {}

  /**
   * The answer to a call.
   *
   * @param forcedTokens a text length a fault rule sets, or null for the model's distribution
   */
  static Answer plan(Call call, ModelConfig model, long seed, Integer forcedTokens) {
    SplittableRandom random = Hashing.random(seed, "content", call.contentKey(), call.modelId());
    int limit = call.maxTokens() != null ? call.maxTokens() : model.maxOutputTokens();
    StructuredOutput structured = call.structured();
    if (structured != null) {
      JsonNode value = SchemaInstanceGenerator.generate(structured.schema(), random);
      if (structured.asText()) {
        String json = Json.text(value);
        return TokenCounter.count(json) > limit
            ? Answer.text(cutText(json, limit), true)
            : Answer.text(json, false);
      }
      Answer whole = Answer.structured(structured.name(), value);
      return whole.outputTokens() > limit
          ? Answer.cutToolCall(structured.name(), partialObject(value, limit), limit)
          : whole;
    }
    int wanted =
        forcedTokens != null
            ? forcedTokens
            : (int) Math.max(1, Math.round(model.outputTokens().sample(random)));
    int tokens = Math.min(wanted, limit);
    return Answer.text(TextGenerator.generate(random, tokens), wanted > limit);
  }

  /** The answer ended by a stop reason a fault rule forces. */
  static Answer stop(Answer answer, StopReason reason) {
    int half = Math.max(1, answer.outputTokens() / 2);
    return switch (reason) {
      case GUARDRAIL_INTERVENED -> Answer.stopped(GUARDRAIL_MESSAGE, reason);
      case MALFORMED_MODEL_OUTPUT, MALFORMED_TOOL_USE ->
          new Answer(null, null, null, 0, false, reason, null);
      case MAX_TOKENS ->
          answer.isStructured()
              ? new Answer(
                  null,
                  partialObject(answer.value(), half),
                  answer.toolName(),
                  half,
                  true,
                  reason,
                  null)
              : Answer.stopped(cutText(answer.asText(), half), reason);
      case CONTENT_FILTERED, MODEL_CONTEXT_WINDOW_EXCEEDED ->
          Answer.stopped(cutText(answer.asText(), half), reason);
    };
  }

  /** The answer cut where the context window filled: at most {@code room} tokens. */
  static Answer windowFilled(Answer answer, int room) {
    if (answer.outputTokens() <= room) {
      return answer;
    }
    String text = room <= 0 ? null : cutText(answer.asText(), room);
    return new Answer(
        text,
        null,
        null,
        text == null ? 0 : TokenCounter.count(text),
        false,
        StopReason.MODEL_CONTEXT_WINDOW_EXCEEDED,
        null);
  }

  /** The longest prefix of {@code text} of at most {@code tokens} tokens. */
  static String cutText(String text, int tokens) {
    if (TokenCounter.count(text) <= tokens) {
      return text;
    }
    int lo = 0;
    int hi = text.length();
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (TokenCounter.count(text.substring(0, mid)) <= tokens) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return text.substring(0, lo);
  }

  /** An object holding the leading properties of {@code value} that fit in {@code tokens}. */
  static JsonNode partialObject(JsonNode value, int tokens) {
    ObjectNode partial = Json.object();
    if (!value.isObject()) {
      return partial;
    }
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      partial.set(field.getKey(), field.getValue());
      if (TokenCounter.count(Json.text(partial)) > tokens) {
        partial.remove(field.getKey());
        break;
      }
    }
    return partial;
  }
}
