package dev.ballast.cli.internal;

import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic, repeatable workload: varied prompts of the kind an application sends. Same seed,
 * same requests. Not thread-safe.
 */
public final class Workload {

  private static final List<String> TASKS =
      List.of(
          "Summarize this customer message in one sentence: \"%s\"",
          "Classify the sentiment of this review as positive, neutral or negative: \"%s\"",
          "Extract the product names mentioned here: \"%s\"",
          "Translate to French: \"%s\"",
          "Write a short, polite reply to: \"%s\"",
          "List three follow-up questions a support agent should ask about: \"%s\"");

  private static final List<String> TEXTS =
      List.of(
          "My order arrived two days late and the box was damaged.",
          "The new headphones sound great but the left ear cup squeaks.",
          "I was charged twice for the same subscription this month.",
          "Can I change the delivery address after the order has shipped?",
          "The app crashes whenever I open the settings page on my tablet.",
          "Thanks for the quick refund, the whole process was painless.",
          "The coffee grinder stopped working after three weeks of light use.",
          "Is the winter jacket available in a larger size and a darker color?");

  private final String route;
  private final String idPrefix;
  private final SplittableRandom random;

  public Workload(String route, String idPrefix, long seed) {
    this.route = route;
    this.idPrefix = idPrefix;
    this.random = new SplittableRandom(seed);
  }

  /** The id of request {@code n}. */
  public String id(int n) {
    return String.format("%s%06d", idPrefix, n);
  }

  /** Request {@code n}, submitted now. */
  public InferenceRequest next(int n, Instant now) {
    String prompt =
        String.format(
            TASKS.get(random.nextInt(TASKS.size())), TEXTS.get(random.nextInt(TEXTS.size())));
    return InferenceRequest.newBuilder()
        .setId(id(n))
        .setRoute(route)
        .setSystem("You are a concise assistant for an online shop's support team.")
        .setMessages(List.of(new Message(Role.USER, prompt)))
        .setInference(InferenceConfig.newBuilder().setMaxTokens(256).setTemperature(0.3f).build())
        .setSubmittedAt(now)
        .setMetadata(Map.of("source", "demo"))
        .build();
  }
}
