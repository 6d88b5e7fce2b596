package dev.ballast.simulator.internal;

import dev.ballast.simulator.ModelConfig;
import java.util.SplittableRandom;

/**
 * Decides the content of a successful answer, deterministically from the seed and the request: text
 * of the model's output length (capped by max tokens), or a value generated from the requested
 * schema. Stateless and thread-safe.
 */
final class AnswerPlanner {

  private AnswerPlanner() {}

  static Answer plan(Call call, ModelConfig model, long seed) {
    SplittableRandom random = Hashing.random(seed, "content", call.contentKey(), call.modelId());
    if (call.structured() != null) {
      return Answer.structured(
          call.structured().name(),
          SchemaInstanceGenerator.generate(call.structured().schema(), random));
    }
    int wanted = (int) Math.max(1, Math.round(model.outputTokens().sample(random)));
    int limit = call.maxTokens() != null ? call.maxTokens() : model.maxOutputTokens();
    int tokens = Math.min(wanted, limit);
    return Answer.text(TextGenerator.generate(random, tokens), wanted > limit);
  }
}
