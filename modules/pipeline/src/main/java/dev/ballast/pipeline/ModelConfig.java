package dev.ballast.pipeline;

import java.util.Objects;

/**
 * What Ballast must know of a model to fit requests into it.
 *
 * @param id model id (an inference profile id shares its base model's entry)
 * @param contextWindow input plus output tokens the model takes
 * @param maxOutputTokens the most output tokens it produces, and the default when a request sets
 *     none
 */
public record ModelConfig(String id, int contextWindow, int maxOutputTokens) {

  /** Used for models the configuration does not list. */
  public static final int DEFAULT_CONTEXT_WINDOW = 200_000;

  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

  public ModelConfig {
    Objects.requireNonNull(id, "id");
    if (contextWindow < 1 || maxOutputTokens < 1) {
      throw new IllegalArgumentException(
          "model '" + id + "': context window and max output tokens must be positive");
    }
    if (maxOutputTokens >= contextWindow) {
      throw new IllegalArgumentException(
          "model '"
              + id
              + "': max output tokens ("
              + maxOutputTokens
              + ") must be below the context window ("
              + contextWindow
              + ")");
    }
  }
}
