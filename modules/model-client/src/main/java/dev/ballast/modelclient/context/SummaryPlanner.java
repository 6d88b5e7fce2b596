package dev.ballast.modelclient.context;

import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Turn;
import dev.ballast.modelclient.context.internal.Requests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Plans replacing the older turns of a conversation by a summary, and applies a summary. The newest
 * turns that fit the budget (with room for the summary) and the last user turn are kept; every turn
 * before them is summarized.
 *
 * <p>Summaries are a pipeline decision: it sends {@link SummaryPlan#summaryRequest()} to a
 * summarizer model (which may need its own fitting: pass it through a {@link ContextFitter} for
 * that model), caches the answer by {@link SummaryPlan#contentHash()}, then calls {@link #apply}.
 * The applied request is not guaranteed to fit; fit it again.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class SummaryPlanner {

  /** Default instructions of the summarizer. */
  public static final String DEFAULT_INSTRUCTIONS =
      "You summarize conversations between a user and an assistant so that the conversation can"
          + " continue from the summary alone. Be faithful and compact: keep every fact, name,"
          + " number, decision, instruction and constraint the user gave, what the assistant"
          + " concluded or promised, and open questions; drop pleasantries and repetition. Do not"
          + " add anything that is not in the conversation. Write in the conversation's language."
          + " Answer with the summary only.";

  /** Prefix of the user turn that carries a summary. */
  public static final String SUMMARY_PREFIX = "Summary of the earlier conversation:\n";

  /** The assistant turn that follows a summary when the kept turns start with a user turn. */
  public static final String ACKNOWLEDGEMENT = "Understood. I will continue from that summary.";

  private final TokenEstimator estimator;
  private final Calibration calibration;
  private final int summaryMaxTokens;
  private final String instructions;

  /**
   * @param estimator estimates turns
   * @param calibration corrects estimates per model
   * @param summaryMaxTokens output limit of the summary, reserved in the budget; >= 16
   * @param instructions system prompt of the summarizer
   */
  public SummaryPlanner(
      TokenEstimator estimator,
      Calibration calibration,
      int summaryMaxTokens,
      String instructions) {
    this.estimator = Objects.requireNonNull(estimator, "estimator");
    this.calibration = Objects.requireNonNull(calibration, "calibration");
    if (summaryMaxTokens < 16) {
      throw new IllegalArgumentException("summaryMaxTokens must be >= 16, was " + summaryMaxTokens);
    }
    this.summaryMaxTokens = summaryMaxTokens;
    this.instructions = Objects.requireNonNull(instructions, "instructions");
    if (instructions.isBlank()) {
      throw new IllegalArgumentException("instructions must not be blank");
    }
  }

  /** A planner with summaries of at most 1,024 tokens and {@link #DEFAULT_INSTRUCTIONS}. */
  public static SummaryPlanner create(TokenEstimator estimator, Calibration calibration) {
    return new SummaryPlanner(estimator, calibration, 1024, DEFAULT_INSTRUCTIONS);
  }

  /**
   * Plans a summary so that the request fits {@code budget} calibrated input tokens on {@code
   * model} (e.g. {@link ContextFitter#budget}).
   *
   * @return the plan, or empty when there is nothing to summarize: the request fits as it is, or
   *     the only turns are the last user turn and those after it
   */
  public Optional<SummaryPlan> plan(ModelRequest request, String model, int budget) {
    double factor = calibration.factor(model);
    int rawBudget = budget <= 0 ? 0 : (int) Math.floor(budget / factor);
    List<Turn> turns = request.turns();
    int anchor = anchor(turns);
    int[] tokens = new int[turns.size()];
    int total = estimator.fixedTokens(request);
    for (int i = 0; i < turns.size(); i++) {
      tokens[i] = estimator.estimate(turns.get(i));
      total += tokens[i];
    }
    if (total <= rawBudget || anchor == 0) {
      return Optional.empty();
    }
    int needed = estimator.fixedTokens(request) + summaryReserve();
    for (int i = anchor; i < turns.size(); i++) {
      needed += tokens[i];
    }
    int keepFrom = anchor;
    while (keepFrom > 0 && needed + tokens[keepFrom - 1] <= rawBudget) {
      keepFrom--;
      needed += tokens[keepFrom];
    }
    if (keepFrom == 0) {
      return Optional.empty();
    }
    List<Turn> summarized = turns.subList(0, keepFrom);
    int summarizedTokens = 0;
    for (int i = 0; i < keepFrom; i++) {
      summarizedTokens += tokens[i];
    }
    return Optional.of(
        new SummaryPlan(
            keepFrom,
            summarizedTokens,
            contentHash(summarized),
            summaryRequest(request, summarized)));
  }

  /**
   * The original request with the planned turns replaced by one user turn carrying the summary,
   * followed by an assistant acknowledgement when the kept turns start with a user turn, then the
   * kept turns. Every other field of the request is kept.
   *
   * @throws IllegalArgumentException when the plan was made for other turns, or the summary is
   *     blank
   */
  public ModelRequest apply(ModelRequest original, SummaryPlan plan, String summary) {
    Objects.requireNonNull(summary, "summary");
    if (summary.isBlank()) {
      throw new IllegalArgumentException("summary must not be blank");
    }
    List<Turn> turns = original.turns();
    if (plan.summarizedTurns() >= turns.size()
        || !contentHash(turns.subList(0, plan.summarizedTurns())).equals(plan.contentHash())) {
      throw new IllegalArgumentException(
          "the summary plan "
              + plan.contentHash()
              + " was made for other turns than those of request "
              + original.requestId());
    }
    List<Turn> kept = turns.subList(plan.summarizedTurns(), turns.size());
    List<Turn> out = new ArrayList<>(kept.size() + 2);
    out.add(Turn.user(SUMMARY_PREFIX + summary.strip()));
    if (kept.get(0).role() == Turn.Role.USER) {
      out.add(Turn.assistant(ACKNOWLEDGEMENT));
    }
    out.addAll(kept);
    return Requests.withTurns(original, out);
  }

  /** SHA-256 hex of the turns' roles and texts, length-prefixed so no two lists collide. */
  public static String contentHash(List<Turn> turns) {
    MessageDigest digest = sha256();
    for (Turn turn : turns) {
      byte[] text = turn.text().getBytes(StandardCharsets.UTF_8);
      digest.update(
          (turn.role().name() + ":" + text.length + ":").getBytes(StandardCharsets.US_ASCII));
      digest.update(text);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private ModelRequest summaryRequest(ModelRequest original, List<Turn> summarized) {
    StringBuilder transcript =
        new StringBuilder(
            "Summarize the conversation below. It continues after this part, so keep what the"
                + " rest of it may depend on.\n\n<conversation>\n");
    for (Turn turn : summarized) {
      transcript
          .append(turn.role() == Turn.Role.USER ? "User: " : "Assistant: ")
          .append(turn.text())
          .append("\n\n");
    }
    transcript.append("</conversation>");
    return new ModelRequest(
        original.requestId() + ":summary",
        1,
        instructions,
        List.of(Turn.user(transcript.toString())),
        summaryMaxTokens,
        0.0f,
        null,
        List.of(),
        null);
  }

  /** Tokens kept free for the summary turn and a possible acknowledgement. */
  private int summaryReserve() {
    return summaryMaxTokens
        + estimator.estimate(Turn.user(SUMMARY_PREFIX))
        + estimator.estimate(Turn.assistant(ACKNOWLEDGEMENT));
  }

  private static int anchor(List<Turn> turns) {
    for (int i = turns.size() - 1; i >= 0; i--) {
      if (turns.get(i).role() == Turn.Role.USER) {
        return i;
      }
    }
    return turns.size() - 1;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
