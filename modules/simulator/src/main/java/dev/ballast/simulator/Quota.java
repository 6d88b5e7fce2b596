package dev.ballast.simulator;

import java.util.Objects;

/**
 * A per-(region, model) quota over a sliding 60-second window; calls beyond it are answered with
 * {@link ErrorType#THROTTLING}. Tokens are input plus output tokens.
 *
 * <p>Immutable and thread-safe.
 *
 * @param model {@code "*"}, a model id (geo-prefixed ids such as {@code us.X} match {@code X}) or a
 *     glob with {@code *}; every matching model id has its own window
 * @param requestsPerMinute at most this many calls in any 60 s, {@link #UNLIMITED} for no limit
 * @param tokensPerMinute at most this many tokens in any 60 s, {@link #UNLIMITED} for no limit
 */
public record Quota(String model, long requestsPerMinute, long tokensPerMinute) {

  /** No limit. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  public Quota {
    Objects.requireNonNull(model, "model");
    if (requestsPerMinute < 1) {
      throw new IllegalArgumentException(
          "requestsPerMinute must be >= 1, was " + requestsPerMinute);
    }
    if (tokensPerMinute < 1) {
      throw new IllegalArgumentException("tokensPerMinute must be >= 1, was " + tokensPerMinute);
    }
  }

  /** A request quota for every model. */
  public static Quota requestsPerMinute(long rpm) {
    return new Quota("*", rpm, UNLIMITED);
  }

  /** A token quota for every model. */
  public static Quota tokensPerMinute(long tpm) {
    return new Quota("*", UNLIMITED, tpm);
  }
}
