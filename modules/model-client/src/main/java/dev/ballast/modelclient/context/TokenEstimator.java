package dev.ballast.modelclient.context;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Turn;
import java.util.Locale;
import java.util.Objects;

/**
 * Estimates the input tokens of a {@link ModelRequest} with a byte-pair encoding (jtokkit), before
 * it is sent. Providers tokenize differently, so an estimate is an approximation: {@link
 * Calibration} corrects it per model from the counts providers report.
 *
 * <p>A request's estimate is the sum of its parts: the system prompt plus {@link
 * Options#systemOverhead()}, each turn plus {@link Options#messageOverhead()}, the response schema
 * plus {@link Options#schemaOverhead()} (the tool definition a structured request is sent as), and
 * {@link Options#replyOverhead()} for the start of the reply.
 *
 * <p>Cost: linear in the text, roughly 40 ns per character on one core (a 1 MB prompt takes about
 * 50 ms), and a few microseconds per text however short. The encoding's vocabulary is loaded once
 * per JVM (about 200 ms) and shared by all estimators using it. System prompts and response
 * schemas, which many requests share, are counted once per estimator and then looked up (Caffeine,
 * at most {@value #SHARED_CHARS} characters of texts of at most {@value #MAX_SHARED_CHARS} each): a
 * lookup hashes and compares the text, without encoding it.
 *
 * <p>This class is thread-safe; its options are immutable.
 */
public final class TokenEstimator {

  /** Estimator settings. */
  public record Options(
      String encoding,
      int messageOverhead,
      int systemOverhead,
      int schemaOverhead,
      int replyOverhead) {

    public Options {
      Objects.requireNonNull(encoding, "encoding");
      if (EncodingType.fromName(encoding.toLowerCase(Locale.ROOT)).isEmpty()) {
        throw new IllegalArgumentException(
            "unknown token encoding '" + encoding + "'; use cl100k_base or o200k_base");
      }
      encoding = encoding.toLowerCase(Locale.ROOT);
      requireNonNegative("messageOverhead", messageOverhead);
      requireNonNegative("systemOverhead", systemOverhead);
      requireNonNegative("schemaOverhead", schemaOverhead);
      requireNonNegative("replyOverhead", replyOverhead);
    }

    private static void requireNonNegative(String name, int value) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must be >= 0, was " + value);
      }
    }
  }

  /** Builds a {@link TokenEstimator}; not thread-safe. */
  public static final class Builder {
    private String encoding = "cl100k_base";
    private int messageOverhead = 4;
    private int systemOverhead = 3;
    private int schemaOverhead = 8;
    private int replyOverhead = 3;

    private Builder() {}

    /** The encoding: {@code cl100k_base} (default) or {@code o200k_base}. */
    public Builder withEncoding(String name) {
      this.encoding = name;
      return this;
    }

    /** Tokens added per turn for its role markers; default 4. */
    public Builder withMessageOverhead(int tokens) {
      this.messageOverhead = tokens;
      return this;
    }

    /** Tokens added when there is a system prompt; default 3. */
    public Builder withSystemOverhead(int tokens) {
      this.systemOverhead = tokens;
      return this;
    }

    /**
     * Tokens added, besides the schema's own, when the request has a response schema; default 8.
     * Anthropic models on Bedrock add a tool-use system prompt of a few hundred tokens: set it here
     * to count it exactly rather than leaving it to calibration.
     */
    public Builder withSchemaOverhead(int tokens) {
      this.schemaOverhead = tokens;
      return this;
    }

    /** Tokens added once per request for the start of the reply; default 3. */
    public Builder withReplyOverhead(int tokens) {
      this.replyOverhead = tokens;
      return this;
    }

    public TokenEstimator build() {
      return new TokenEstimator(
          new Options(encoding, messageOverhead, systemOverhead, schemaOverhead, replyOverhead));
    }
  }

  private static final class Holder {
    static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    static final TokenEstimator STANDARD = builder().build();
  }

  /** Characters of shared texts (system prompts, response schemas) whose counts are kept. */
  static final int SHARED_CHARS = 4 * 1024 * 1024;

  /** The longest shared text whose count is kept, in characters. */
  static final int MAX_SHARED_CHARS = SHARED_CHARS / 16;

  private final Options options;
  private final Encoding encoding;
  private final Cache<String, Integer> shared =
      Caffeine.newBuilder()
          .maximumWeight(SHARED_CHARS)
          .weigher((String text, Integer tokens) -> text.length())
          // Evictions on the calling thread, not on the common ForkJoinPool.
          .executor(Runnable::run)
          .build();

  private TokenEstimator(Options options) {
    this.options = options;
    // The lazy registry loads each vocabulary once and hands out the same thread-safe instance.
    this.encoding =
        Holder.REGISTRY.getEncoding(EncodingType.fromName(options.encoding()).orElseThrow());
  }

  /** The shared estimator with the default options (cl100k_base). */
  public static TokenEstimator standard() {
    return Holder.STANDARD;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Options options() {
    return options;
  }

  /** Tokens of a text; special-token markers such as {@code <|endoftext|>} count as plain text. */
  public int estimate(String text) {
    return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
  }

  /** Tokens of one turn: its text and the per-message overhead. */
  public int estimate(Turn turn) {
    return estimate(turn.text()) + options.messageOverhead();
  }

  /** Input tokens of a whole request. */
  public int estimate(ModelRequest request) {
    int total = fixedTokens(request);
    for (Turn turn : request.turns()) {
      total += estimate(turn);
    }
    return total;
  }

  /**
   * Tokens of a request that do not depend on its turns: the system prompt, the response schema and
   * the reply overhead.
   */
  public int fixedTokens(ModelRequest request) {
    int total = options.replyOverhead();
    if (request.system() != null && !request.system().isEmpty()) {
      total += estimateShared(request.system()) + options.systemOverhead();
    }
    if (request.responseSchema() != null) {
      total += estimateShared(request.responseSchema()) + options.schemaOverhead();
    }
    return total;
  }

  /** As {@link #estimate(String)}, for a text many requests share: counted once, then looked up. */
  private int estimateShared(String text) {
    return text.length() > MAX_SHARED_CHARS ? estimate(text) : shared.get(text, this::estimate);
  }

  @Override
  public String toString() {
    return "TokenEstimator[" + options + "]";
  }
}
