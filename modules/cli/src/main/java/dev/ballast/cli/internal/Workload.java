package dev.ballast.cli.internal;

import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic, repeatable workload of the kind an application sends: mostly short prompts, some
 * asking for a JSON answer, some long conversations that overflow a small context window (on the
 * truncating route) or need their history summarized (on the summarizing route). Same seed, same
 * requests. Not thread-safe.
 */
public final class Workload {

  /** The route that truncates over-long input. */
  public static final String ROUTE = "default";

  /** The route that summarizes older history. */
  public static final String CHAT_ROUTE = "chat";

  /** The JSON Schema of structured requests. */
  public static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{"
          + "\"sentiment\":{\"type\":\"string\",\"enum\":[\"positive\",\"neutral\",\"negative\"]},"
          + "\"score\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":10},"
          + "\"topics\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":5}},"
          + "\"required\":[\"sentiment\",\"score\"]}";

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

  private final String idPrefix;
  private final SplittableRandom random;

  public Workload(String idPrefix, long seed) {
    this.idPrefix = idPrefix;
    this.random = new SplittableRandom(seed);
  }

  /** The id of request {@code n}. */
  public String id(int n) {
    return String.format("%s%06d", idPrefix, n);
  }

  /** Request {@code n}, submitted now: 70% short, 15% structured, 10% long, 5% long on chat. */
  public InferenceRequest next(int n, Instant now) {
    int kind = random.nextInt(100);
    InferenceRequest.Builder b =
        InferenceRequest.newBuilder()
            .setId(id(n))
            .setRoute(ROUTE)
            .setSystem("You are a concise assistant for an online shop's support team.")
            .setInference(
                InferenceConfig.newBuilder().setMaxTokens(256).setTemperature(0.3f).build())
            .setSubmittedAt(now);
    if (kind < 70) {
      return b.setMessages(List.of(new Message(Role.USER, prompt())))
          .setMetadata(Map.of("source", "demo", "kind", "short"))
          .build();
    }
    if (kind < 85) {
      return b.setMessages(
              List.of(new Message(Role.USER, "Rate this review as JSON: \"" + text() + "\"")))
          .setResponseSchema(SCHEMA)
          .setMetadata(Map.of("source", "demo", "kind", "structured"))
          .build();
    }
    return b.setRoute(kind < 95 ? ROUTE : CHAT_ROUTE)
        .setMessages(conversation(2 * (12 + random.nextInt(8))))
        .setMetadata(Map.of("source", "demo", "kind", kind < 95 ? "long" : "long-chat"))
        .build();
  }

  private String prompt() {
    return String.format(TASKS.get(random.nextInt(TASKS.size())), text());
  }

  private String text() {
    return TEXTS.get(random.nextInt(TEXTS.size()));
  }

  /**
   * A support conversation long enough to overflow an 8,000-token window: {@code turns} (even)
   * alternating turns starting with the user's, then the user's question.
   */
  private List<Message> conversation(int turns) {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < turns; i++) {
      StringBuilder t = new StringBuilder();
      int sentences = 8 + random.nextInt(8);
      for (int s = 0; s < sentences; s++) {
        t.append(text()).append(' ');
      }
      messages.add(new Message(i % 2 == 0 ? Role.USER : Role.ASSISTANT, t.toString().strip()));
    }
    messages.add(new Message(Role.USER, prompt()));
    return messages;
  }
}
