package dev.ballast.modelclient.recovery;

import dev.ballast.schemas.ReasonCode;
import java.time.Duration;
import java.util.Objects;

/**
 * What the pipeline does with a request after one endpoint's exchange: the output of {@link
 * RecoveryPlan}. The pipeline carries decisions out (writes, parks, forwards); it takes none.
 */
public sealed interface Decision {

  /** The exchange answered: write the result. */
  record Answer() implements Decision {}

  /** Park the request in a delay topic for {@code delay}, then call the same endpoint again. */
  record Park(Duration delay) implements Decision {
    public Park {
      Objects.requireNonNull(delay, "delay");
    }
  }

  /** Call the same endpoint once more at once, with a shorter context. */
  record ShorterContext() implements Decision {}

  /** Serve a fresh cached answer to the same question if there is one; else do {@code orElse}. */
  record TryCache(Decision orElse) implements Decision {
    public TryCache {
      Objects.requireNonNull(orElse, "orElse");
    }
  }

  /**
   * Go to the endpoint at {@code chainIndex} of the route's chain.
   *
   * @param why the routing text ({@link Routing#because}); never null
   */
  record NextEndpoint(int chainIndex, String why) implements Decision {
    public NextEndpoint {
      Objects.requireNonNull(why, "why");
    }
  }

  /** End the request: a {@code FAILED} result with this reason, and a dead letter. */
  record Fail(ReasonCode code, String message) implements Decision {
    public Fail {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }
}
