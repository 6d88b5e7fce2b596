package dev.ballast.bench.internal;

import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Turn;
import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's requests: one short support-style prompt, the same shape whether it goes through
 * Ballast ({@link #request}) or straight to the model client ({@link #modelRequest}), so both paths
 * send the simulator the same call. Immutable and thread-safe.
 */
public final class BenchRequests {

  static final String SYSTEM = "You are a concise assistant for an online shop's support team.";
  static final int MAX_TOKENS = 128;

  private final String route;
  private final String idPrefix;

  public BenchRequests(String route, String idPrefix) {
    this.route = route;
    this.idPrefix = idPrefix;
  }

  /**
   * The id of request {@code n}: the prefix and {@code n} with at least 7 digits. Built without a
   * {@code Formatter}, which cost the load generator a tenth of its CPU at capacity.
   */
  public String id(long n) {
    String digits = Long.toString(n);
    StringBuilder b = new StringBuilder(idPrefix.length() + Math.max(7, digits.length()));
    b.append(idPrefix);
    for (int i = digits.length(); i < 7; i++) {
      b.append('0');
    }
    return b.append(digits).toString();
  }

  /** The sequence number of an id made by {@link #id}, or -1 for another id. */
  public long sequence(String id) {
    if (!id.startsWith(idPrefix)) {
      return -1;
    }
    try {
      return Long.parseLong(id.substring(idPrefix.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Request {@code n} as a client submits it to Ballast. */
  public InferenceRequest request(long n, Instant now) {
    return InferenceRequest.newBuilder()
        .setId(id(n))
        .setRoute(route)
        .setSystem(SYSTEM)
        .setMessages(List.of(new Message(Role.USER, prompt(n))))
        .setInference(
            InferenceConfig.newBuilder().setMaxTokens(MAX_TOKENS).setTemperature(0.3f).build())
        .setSubmittedAt(now)
        .setMetadata(Map.of("source", "bench"))
        .build();
  }

  /** Request {@code n} as a direct model call. */
  public ModelRequest modelRequest(long n) {
    return new ModelRequest(
        id(n), 1, SYSTEM, List.of(Turn.user(prompt(n))), MAX_TOKENS, 0.3f, null, List.of(), null);
  }

  private static String prompt(long n) {
    return "Summarize this customer message in one sentence: \"Order "
        + n
        + " arrived two days late and the box was damaged.\"";
  }
}
