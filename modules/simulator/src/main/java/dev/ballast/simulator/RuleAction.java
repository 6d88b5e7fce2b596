package dev.ballast.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link FaultRule} does to the calls it matches. Immutable; absent parts are null (lists
 * and maps are empty).
 *
 * @param error the error answered
 * @param message replaces the error's default message
 * @param retryAfter the wait the error's rate-limit hints state
 * @param hints the headers the wait is sent in; empty means {@code Retry-After} in whole seconds
 * @param headers extra response headers sent as given (for hints in odd or broken forms)
 * @param delay latency added
 * @param malformation malformed structured answer
 * @param stopReason stop reason forced on a successful answer
 * @param empty empty answer forced on a successful call
 * @param outputTokens length forced on a text answer (still capped by maxTokens)
 */
record RuleAction(
    ErrorType error,
    String message,
    Duration retryAfter,
    List<RateLimitHint> hints,
    Map<String, String> headers,
    Duration delay,
    Malformation malformation,
    StopReason stopReason,
    EmptyAnswer empty,
    Integer outputTokens) {

  static final RuleAction NONE =
      new RuleAction(null, null, null, List.of(), Map.of(), null, null, null, null, null);

  RuleAction {
    hints = List.copyOf(hints);
    headers = Map.copyOf(headers);
  }

  RuleAction withError(ErrorType e) {
    return new RuleAction(
        e,
        message,
        retryAfter,
        hints,
        headers,
        delay,
        malformation,
        stopReason,
        empty,
        outputTokens);
  }

  RuleAction withMessage(String m) {
    return new RuleAction(
        error, m, retryAfter, hints, headers, delay, malformation, stopReason, empty, outputTokens);
  }

  RuleAction withRetryAfter(Duration r) {
    requireNotNegative(r, "retryAfter");
    return new RuleAction(
        error, message, r, hints, headers, delay, malformation, stopReason, empty, outputTokens);
  }

  RuleAction withHints(List<RateLimitHint> h) {
    return new RuleAction(
        error,
        message,
        retryAfter,
        h,
        headers,
        delay,
        malformation,
        stopReason,
        empty,
        outputTokens);
  }

  /** Adds one header, sent exactly as given. */
  RuleAction withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return withHeaders(h);
  }

  RuleAction withHeaders(Map<String, String> h) {
    return new RuleAction(
        error, message, retryAfter, hints, h, delay, malformation, stopReason, empty, outputTokens);
  }

  RuleAction withDelay(Duration d) {
    requireNotNegative(d, "delay");
    return new RuleAction(
        error,
        message,
        retryAfter,
        hints,
        headers,
        d,
        malformation,
        stopReason,
        empty,
        outputTokens);
  }

  RuleAction withMalformation(Malformation m) {
    return new RuleAction(
        error, message, retryAfter, hints, headers, delay, m, stopReason, empty, outputTokens);
  }

  RuleAction withStopReason(StopReason s) {
    return new RuleAction(
        error, message, retryAfter, hints, headers, delay, malformation, s, empty, outputTokens);
  }

  RuleAction withEmpty(EmptyAnswer e) {
    return new RuleAction(
        error,
        message,
        retryAfter,
        hints,
        headers,
        delay,
        malformation,
        stopReason,
        e,
        outputTokens);
  }

  RuleAction withOutputTokens(Integer n) {
    return new RuleAction(
        error, message, retryAfter, hints, headers, delay, malformation, stopReason, empty, n);
  }

  /** Whether the rule changes a successful answer (and evaluation carries on). */
  boolean shapesAnswer() {
    return malformation != null || stopReason != null || empty != null || outputTokens != null;
  }

  /** What is wrong with this action, as the end of a sentence, or null when it is complete. */
  String problem() {
    if (error == null && delay == null && !shapesAnswer()) {
      return "has no action: give it an error, a delay, a malformation, a stopReason, an"
          + " emptyAnswer or outputTokens";
    }
    if (error == null
        && (message != null || retryAfter != null || !hints.isEmpty() || !headers.isEmpty())) {
      return "sets a message, retryAfter, hints or headers but no error";
    }
    if (!hints.isEmpty() && retryAfter == null) {
      return "sets hints but no retryAfter (the wait they state)";
    }
    if (error != null && shapesAnswer()) {
      return "sets both an error and an answer change (malformed, stopReason, emptyAnswer,"
          + " outputTokens); choose one";
    }
    int shapes =
        (malformation != null ? 1 : 0) + (stopReason != null ? 1 : 0) + (empty != null ? 1 : 0);
    return shapes > 1 ? "sets more than one of malformed, stopReason, emptyAnswer" : null;
  }

  /** The action for {@link FaultRule#toString()}: {@code ", error X, delay Y"}. */
  String describe() {
    StringBuilder b = new StringBuilder();
    RuleSelector.append(b, "error", error);
    RuleSelector.append(b, "retryAfter", retryAfter);
    RuleSelector.append(b, "hints", hints.isEmpty() ? null : hints);
    RuleSelector.append(b, "headers", headers.isEmpty() ? null : headers.keySet());
    RuleSelector.append(b, "delay", delay);
    RuleSelector.append(b, "malformed", malformation);
    RuleSelector.append(b, "stopReason", stopReason);
    RuleSelector.append(b, "emptyAnswer", empty);
    RuleSelector.append(b, "outputTokens", outputTokens);
    return b.toString();
  }

  private static void requireNotNegative(Duration d, String name) {
    if (Objects.requireNonNull(d, name).isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
  }
}
