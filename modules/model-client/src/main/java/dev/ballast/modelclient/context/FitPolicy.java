package dev.ballast.modelclient.context;

/**
 * How {@link ContextFitter} makes a conversation smaller. Every policy keeps the system prompt, the
 * last user turn and any turns after it, keeps user/assistant alternation valid (the conversation
 * starts with a user turn) and, when even that is too large, truncates the middle of the last user
 * turn as a last resort (unless disabled).
 */
public enum FitPolicy {
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
  TRUNCATE_MIDDLE
}
