package dev.ballast.modelclient.context.internal;

import dev.ballast.modelclient.Turn;
import dev.ballast.modelclient.context.TokenEstimator;
import java.util.ArrayList;
import java.util.List;

/**
 * A conversation being made smaller, with the estimated tokens of each turn. The last user turn
 * (the <em>anchor</em>) and any turns after it are never dropped; every step keeps alternation:
 * after a step the turns before and after the removed run have different roles, and the
 * conversation starts with a user turn once anything at its start was dropped.
 *
 * <p>Not thread-safe: one caller owns an instance for one fitting.
 */
public final class Conversation {

  private final TokenEstimator estimator;
  private final List<Turn> turns;
  private final List<Integer> tokens;
  private final List<Boolean> truncated;
  private int dropped;
  private int truncations;

  public Conversation(List<Turn> turns, TokenEstimator estimator) {
    this.estimator = estimator;
    this.turns = new ArrayList<>(turns);
    this.tokens = new ArrayList<>(turns.size());
    this.truncated = new ArrayList<>(turns.size());
    for (Turn turn : turns) {
      tokens.add(estimator.estimate(turn));
      truncated.add(false);
    }
  }

  public List<Turn> turns() {
    return List.copyOf(turns);
  }

  /** Estimated tokens of all turns, overheads included. */
  public int tokens() {
    int sum = 0;
    for (int t : tokens) {
      sum += t;
    }
    return sum;
  }

  /** Estimated tokens of the anchor, overhead included. */
  public int anchorTokens() {
    return tokens.get(anchor());
  }

  public int dropped() {
    return dropped;
  }

  public int truncations() {
    return truncations;
  }

  /** Index of the last user turn, or of the last turn when none is a user turn. */
  public int anchor() {
    for (int i = turns.size() - 1; i >= 0; i--) {
      if (turns.get(i).role() == Turn.Role.USER) {
        return i;
      }
    }
    return turns.size() - 1;
  }

  /**
   * Drops the oldest run of turns between the first user turn and the anchor whose removal keeps
   * alternation (normally an assistant turn and the user turn after it).
   *
   * @return whether anything was dropped
   */
  public boolean dropMiddle() {
    int first = firstUser();
    int anchor = anchor();
    if (first < 0 || first + 1 >= anchor) {
      return false;
    }
    int start = first + 1;
    for (int end = start + 1; end <= anchor; end++) {
      if (turns.get(start - 1).role() != turns.get(end).role()) {
        remove(start, end);
        return true;
      }
    }
    return false;
  }

  /**
   * Drops the oldest turns up to the next user turn, so the conversation still starts with one.
   *
   * @return whether anything was dropped
   */
  public boolean dropFront() {
    int anchor = anchor();
    for (int end = 1; end <= anchor; end++) {
      if (turns.get(end).role() == Turn.Role.USER) {
        remove(0, end);
        return true;
      }
    }
    return false;
  }

  /**
   * Cuts the middle of the largest turn before the anchor by {@code excess} tokens, if that leaves
   * it at least {@code minKeepTokens}. A turn is cut at most once.
   *
   * @return whether a turn was cut
   */
  public boolean truncateLargest(int excess, int minKeepTokens) {
    int largest = -1;
    int anchor = anchor();
    for (int i = 0; i < anchor; i++) {
      if (!truncated.get(i) && (largest < 0 || tokens.get(i) > tokens.get(largest))) {
        largest = i;
      }
    }
    if (largest < 0) {
      return false;
    }
    int textTokens = tokens.get(largest) - estimator.options().messageOverhead();
    return truncate(largest, textTokens - excess, minKeepTokens);
  }

  /**
   * Cuts the middle of the anchor to at most {@code textTokens} tokens of text, if that leaves at
   * least {@code minKeepTokens}.
   *
   * @return whether it was cut
   */
  public boolean truncateAnchor(int textTokens, int minKeepTokens) {
    int anchor = anchor();
    return !truncated.get(anchor) && truncate(anchor, textTokens, minKeepTokens);
  }

  private boolean truncate(int index, int targetTextTokens, int minKeepTokens) {
    if (targetTextTokens < minKeepTokens) {
      return false;
    }
    Turn turn = turns.get(index);
    int textTokens = tokens.get(index) - estimator.options().messageOverhead();
    String cut =
        MiddleTruncator.truncate(
            turn.text(), textTokens, targetTextTokens, minKeepTokens, estimator::estimate);
    if (cut == null || cut.equals(turn.text())) {
      return false;
    }
    Turn shorter = new Turn(turn.role(), cut);
    turns.set(index, shorter);
    tokens.set(index, estimator.estimate(shorter));
    truncated.set(index, true);
    truncations++;
    return true;
  }

  private int firstUser() {
    for (int i = 0; i < turns.size(); i++) {
      if (turns.get(i).role() == Turn.Role.USER) {
        return i;
      }
    }
    return -1;
  }

  private void remove(int from, int to) {
    turns.subList(from, to).clear();
    tokens.subList(from, to).clear();
    truncated.subList(from, to).clear();
    dropped += to - from;
  }
}
