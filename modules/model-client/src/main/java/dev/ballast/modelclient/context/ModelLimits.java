package dev.ballast.modelclient.context;

/**
 * A model's token limits.
 *
 * @param contextWindow input plus output tokens the model accepts in one call
 * @param maxOutputTokens the most output tokens the model writes in one call: reserved for a
 *     request that sets no {@code maxTokens}, and the cap of one that asks for more
 */
public record ModelLimits(int contextWindow, int maxOutputTokens) {

  public ModelLimits {
    if (contextWindow < 1) {
      throw new IllegalArgumentException("contextWindow must be >= 1, was " + contextWindow);
    }
    if (maxOutputTokens < 1 || maxOutputTokens >= contextWindow) {
      throw new IllegalArgumentException(
          "maxOutputTokens must be in [1, contextWindow "
              + contextWindow
              + "), was "
              + maxOutputTokens);
    }
  }
}
