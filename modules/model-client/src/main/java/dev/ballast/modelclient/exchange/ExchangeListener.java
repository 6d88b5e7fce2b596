package dev.ballast.modelclient.exchange;

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
}
