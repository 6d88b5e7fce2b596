package dev.ballast.simulator.internal;

import dev.ballast.simulator.ErrorType;
import java.time.Duration;

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
   */
  record Success(Answer answer, int inputTokens, long delayMillis) implements Outcome {}

  /**
   * An error.
   *
   * @param type the error
   * @param message Bedrock-style message
   * @param retryAfter value of a Retry-After header, or null
   * @param delayMillis latency before answering
   * @param overflow token numbers of a context overflow, or null
   */
  record Failure(
      ErrorType type, String message, Duration retryAfter, long delayMillis, Overflow overflow)
      implements Outcome {

    static Failure of(ErrorType type) {
      return new Failure(type, type.defaultMessage(), null, 0, null);
    }

    static Failure of(ErrorType type, String message) {
      return new Failure(type, message, null, 0, null);
    }
  }

  /**
   * The numbers of a context overflow.
   *
   * @param inputTokens counted input tokens
   * @param maxTokens requested (or default) output tokens
   * @param contextWindow the model's context window
   */
  record Overflow(int inputTokens, int maxTokens, int contextWindow) {}
}
