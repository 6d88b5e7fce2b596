package dev.ballast.modelclient.exchange;

import dev.ballast.modelclient.Endpoint;

/**
 * What an exchange reports as it goes, for metrics. Called on client threads: implementations must
 * be thread-safe and quick. Every method does nothing by default.
 */
public interface ExchangeListener {

  /** Does nothing. */
  ExchangeListener NONE = new ExchangeListener() {};

  /** Older history was summarized by the route's summarizer. */
  default void onSummary() {}

  /** An invalid structured answer was re-asked. */
  default void onReask() {}

  /**
   * The provider counted {@code reported} input tokens for a call estimated before it at {@code
   * raw} (the tokenizer) and {@code calibrated} (after the learned per-model factor).
   */
  default void onEstimate(int raw, int calibrated, int reported) {}

  /**
   * One HTTP call of an exchange ended, or was not sent.
   *
   * @param endpoint the endpoint
   * @param sent whether the call went out
   * @param outcome {@code success}, or the failure class in lower case
   * @param notSentReason why it was not sent (a reason code name), or null when it was sent
   * @param latencyMs how long it took, in milliseconds
   * @param inputTokens input tokens the provider reported, 0 when none
   * @param outputTokens output tokens the provider reported, 0 when none
   */
  default void onCall(
      Endpoint endpoint,
      boolean sent,
      String outcome,
      String notSentReason,
      long latencyMs,
      int inputTokens,
      int outputTokens) {}
}
