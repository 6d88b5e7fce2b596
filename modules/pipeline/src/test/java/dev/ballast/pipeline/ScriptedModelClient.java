package dev.ballast.pipeline;

import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.ModelClient;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.ModelResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An in-process {@link ModelClient} for topology logic tests: answers come from a script. Wire
 * behaviour is proven against the simulator in the {@code *IT}s, never here.
 */
final class ScriptedModelClient implements ModelClient {

  private final Endpoint endpoint;
  private final Function<ModelRequest, CompletableFuture<ModelResponse>> script;
  final List<ModelRequest> calls = new CopyOnWriteArrayList<>();

  ScriptedModelClient(
      Endpoint endpoint, Function<ModelRequest, CompletableFuture<ModelResponse>> script) {
    this.endpoint = endpoint;
    this.script = script;
  }

  /** A client that answers every call at once with "answer to <id>". */
  static ScriptedModelClient answering(Endpoint endpoint) {
    return new ScriptedModelClient(
        endpoint,
        r -> CompletableFuture.completedFuture(answer(endpoint, r, "answer to " + r.requestId())));
  }

  static ModelResponse answer(Endpoint endpoint, ModelRequest r, String text) {
    return new ModelResponse(
        endpoint, text, null, "end_turn", 10, 5, Duration.ofMillis(7), "req-" + r.requestId());
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public CompletableFuture<ModelResponse> converse(ModelRequest request) {
    calls.add(request);
    return script.apply(request);
  }

  @Override
  public void close() {}
}
