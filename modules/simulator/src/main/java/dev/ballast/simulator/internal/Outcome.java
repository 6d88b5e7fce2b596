package dev.ballast.simulator.internal;

import dev.ballast.simulator.ErrorType;
import java.util.Map;

/** What the simulator answers a call with, after how long. Immutable. */
sealed interface Outcome permits Outcome.Success, Outcome.Failure {

  /** Milliseconds to wait before answering. */
  long delayMillis();

  /**
   * A model answer.
   *
   * @param answer the answer
   * @param inputTokens counted input tokens
   * @param delayMillis latency before answering
   * @param serviceTier the service tier to echo, or null
   */
  record Success(Answer answer, int inputTokens, long delayMillis, String serviceTier)
      implements Outcome {}

  /**
   * An error.
   *
   * @param type the error
   * @param message Bedrock-style message
   * @param headers extra response headers (rate-limit hints), rendered
   * @param delayMillis latency before answering
   * @param overflow token numbers of a context overflow, or null
   * @param outputLimit numbers of a maxTokens above the model's limit, or null
   */
  record Failure(
      ErrorType type,
      String message,
      Map<String, String> headers,
      long delayMillis,
      Overflow overflow,
      OutputLimit outputLimit)
      implements Outcome {

    public Failure {
      headers = Map.copyOf(headers);
    }

    static Failure of(ErrorType type) {
      return of(type, type.defaultMessage());
    }

    static Failure of(ErrorType type, String message) {
      return new Failure(type, message, Map.of(), 0, null, null);
    }
  }

  /**
   * The numbers of a context overflow.
   *
   * @param inputTokens counted input tokens
   * @param maxTokens requested (or default) output tokens
   * @param contextWindow the model's context window
   * @param openAiStyle true when the OpenAI wire should keep OpenAI's wording
   */
  record Overflow(int inputTokens, int maxTokens, int contextWindow, boolean openAiStyle) {}

  /**
   * A requested maxTokens above the model's output limit.
   *
   * @param requested the requested maxTokens
   * @param limit the model's largest accepted maxTokens
   */
  record OutputLimit(int requested, int limit) {}
}
