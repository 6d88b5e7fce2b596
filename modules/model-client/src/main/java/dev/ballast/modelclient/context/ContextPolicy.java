package dev.ballast.modelclient.context;

import dev.ballast.modelclient.ConfigWords;

/**
 * What a route does with input that does not fit its model's context window. Every policy that
 * shortens keeps the system prompt, the last user turn and any turns after it, keeps user/assistant
 * alternation valid (the conversation starts with a user turn) and, when even that is too large,
 * truncates the middle of the last user turn as a last resort (unless disabled).
 */
public enum ContextPolicy {
  /** Fail the request, saying how many tokens it has and how many the model takes. */
  FAIL,
  /**
   * Keeps the first user turn and the newest turns; drops whole turns from the middle, oldest
   * first. When the middle is gone, drops the first exchange too.
   */
  DROP_MIDDLE,
  /** Keeps the newest turns only: drops whole turns from the start, oldest first. */
  DROP_OLDEST,
  /**
   * Like {@link #DROP_MIDDLE}, but first cuts the middle out of the largest earlier turn when that
   * alone makes the request fit (leaving its head and tail and a marker saying how much was
   * omitted), so a long pasted document shrinks instead of the conversation losing turns.
   */
  TRUNCATE_MIDDLE,
  /**
   * Replaces older history with a summary by the route's summarizer model; shortens as {@link
   * #TRUNCATE_MIDDLE} when that is not enough or not possible.
   */
  SUMMARIZE;

  /** The lower-case name used in configuration. */
  public String id() {
    return ConfigWords.id(this);
  }

  /**
   * How {@link ContextFitter} shortens for this policy: {@link #TRUNCATE_MIDDLE} unless dropping.
   */
  ContextPolicy shortening() {
    return this == DROP_MIDDLE || this == DROP_OLDEST ? this : TRUNCATE_MIDDLE;
  }

  /**
   * Parses a configured value.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static ContextPolicy parse(String value) {
    return ConfigWords.parse(ContextPolicy.class, value, "context policy");
  }
}
