package dev.ballast.simulator.internal;

import dev.ballast.simulator.ErrorType;
import java.time.Clock;

/**
 * What a model endpoint ({@link BedrockEndpoint}, {@link OpenAiEndpoint}) needs from the running
 * simulator: evaluate a call, record a rejected one, and send a reply when it is due. Implemented
 * by {@link SimulatorCore}; implementations are thread-safe.
 */
interface ModelCalls {

  /** Evaluates a call read from the wire and records it in the stats; never null. */
  Outcome serve(Api api, String region, ParsedCall parsed);

  /** Records a call rejected before evaluation (unreadable request); {@code modelId} nullable. */
  void rejected(String region, String modelId, ErrorType type);

  /** Whether the model is unknown and the scenario refuses unknown models. */
  boolean refusesModel(String modelId);

  /** The simulator's clock (creation times in OpenAI answers). */
  Clock clock();

  /** Writes replies now or after their delay, without holding a handler thread. */
  Responder responder();
}
