package dev.ballast.modelclient.context;

import dev.ballast.modelclient.context.internal.Conversation;

/** The steps a context fitter shortens a conversation by, and how it words them. Stateless. */
final class FitSteps {

  /** The fewest tokens of an earlier turn's text worth keeping when cutting it. */
  static final int MIN_KEEP_EARLIER_TURN = 128;

  private FitSteps() {}

  /** {@code dropped 2 turns and cut 1}, {@code dropped 2 turns}, {@code cut 1 turn}. */
  static String changes(int dropped, int cut) {
    String droppedText = "dropped " + dropped + (dropped == 1 ? " turn" : " turns");
    String cutText = "cut " + cut + (cut == 1 ? " turn" : " turns");
    if (dropped > 0 && cut > 0) {
      return droppedText + " and cut " + cut;
    }
    return dropped > 0 ? droppedText : cutText;
  }

  /** Applies the policy until the turns fit {@code turnBudget} or the policy has no step left. */
  static void shrinkTurns(Conversation conversation, int turnBudget, ContextPolicy policy) {
    while (conversation.tokens() > turnBudget) {
      int excess = conversation.tokens() - turnBudget;
      boolean progressed =
          switch (policy.shortening()) {
            case DROP_OLDEST -> conversation.dropFront();
            case DROP_MIDDLE -> conversation.dropMiddle() || conversation.dropFront();
            default ->
                conversation.truncateLargest(excess, MIN_KEEP_EARLIER_TURN)
                    || conversation.dropMiddle()
                    || conversation.dropFront();
          };
      if (!progressed) {
        return;
      }
    }
  }
}
