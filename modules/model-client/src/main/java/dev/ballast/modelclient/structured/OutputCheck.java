package dev.ballast.modelclient.structured;

import dev.ballast.modelclient.ModelResponse;
import java.util.List;
import java.util.Objects;

/**
 * The verdict on a structured answer: does the model's answer satisfy the request's schema. The
 * structured (tool-use) answer {@link ModelResponse#json()} is preferred; without one, the JSON is
 * looked for in {@link ModelResponse#text()} with {@link JsonExtractor}, and the first candidate
 * that satisfies the schema wins.
 */
public sealed interface OutputCheck permits OutputCheck.Valid, OutputCheck.Invalid {

  /**
   * The answer satisfies the schema.
   *
   * @param json the answer's JSON text
   * @param extracted true when it came from the answer's text (the whole text, a code block or
   *     prose) rather than the provider's structured answer
   */
  record Valid(String json, boolean extracted) implements OutputCheck {
    public Valid {
      Objects.requireNonNull(json, "json");
    }
  }

  /**
   * The answer does not satisfy the schema.
   *
   * @param errors what is wrong, each {@code <JSON path>: <problem>}; never empty
   * @param rawAnswer the answer as given: the structured answer when there was one, else the text
   */
  record Invalid(List<String> errors, String rawAnswer) implements OutputCheck {
    public Invalid {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("an invalid answer needs at least one error");
      }
      Objects.requireNonNull(rawAnswer, "rawAnswer");
    }
  }

  /**
   * Checks a response against the schema it was asked for. Thread-safe; costs one validation per
   * candidate (see {@link SchemaValidator}).
   *
   * @param response the model's answer
   * @param schema the request's JSON Schema
   * @param validator validates (and caches the compiled schema)
   * @throws IllegalArgumentException when the schema itself is invalid
   */
  static OutputCheck check(ModelResponse response, String schema, SchemaValidator validator) {
    Objects.requireNonNull(response, "response");
    Objects.requireNonNull(schema, "schema");
    if (response.json() != null && !response.json().isBlank()) {
      List<String> errors = validator.validate(response.json(), schema);
      return errors.isEmpty()
          ? new Valid(response.json(), false)
          : new Invalid(errors, response.json());
    }
    List<JsonExtractor.Extracted> candidates = JsonExtractor.candidates(response.text());
    if (candidates.isEmpty()) {
      return new Invalid(List.of(noJson(response)), response.text());
    }
    List<String> firstErrors = null;
    for (JsonExtractor.Extracted candidate : candidates) {
      List<String> errors = validator.validate(candidate.json(), schema);
      if (errors.isEmpty()) {
        return new Valid(candidate.json(), true);
      }
      if (firstErrors == null) {
        firstErrors = errors;
      }
    }
    return new Invalid(firstErrors, response.text());
  }

  private static String noJson(ModelResponse response) {
    String why =
        response.text().isBlank()
            ? "$: the answer is empty; expected JSON matching the schema"
            : "$: the answer contains no complete JSON value; expected JSON matching the schema";
    return "max_tokens".equals(response.stopReason())
        ? why + " (the answer was cut off at the output token limit)"
        : why;
  }
}
