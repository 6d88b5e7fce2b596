package dev.ballast.modelclient;

import dev.ballast.modelclient.internal.BedrockModelClient;
import dev.ballast.modelclient.internal.OpenAiModelClient;
import dev.ballast.modelclient.internal.Transport;
import dev.ballast.modelclient.internal.WarmUpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Creates and owns the clients of a process: one {@link ModelClient} per endpoint, all sharing one
 * HTTP connection pool and event loop. Closing it closes every client.
 *
 * <p>This class is thread-safe.
 */
public final class ModelClients implements AutoCloseable {

  private final ClientOptions options;
  private final Transport transport;
  private final Map<String, ModelClient> clients = new ConcurrentHashMap<>();

  private ModelClients(ClientOptions options) {
    this.options = options;
    this.transport = new Transport(options);
  }

  public static ModelClients create(ClientOptions options) {
    return new ModelClients(Objects.requireNonNull(options, "options"));
  }

  /** The client of {@code endpoint}, created on first use. */
  public ModelClient forEndpoint(Endpoint endpoint, Credentials credentials) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credentials, "credentials");
    return clients.computeIfAbsent(
        endpoint.id()
            + "|"
            + endpoint.override().map(Object::toString).orElse("")
            + "|"
            + credentials,
        key -> create(endpoint, credentials));
  }

  private ModelClient create(Endpoint endpoint, Credentials credentials) {
    return switch (endpoint.provider()) {
      case BEDROCK -> new BedrockModelClient(endpoint, credentials, options, transport);
      case OPENAI -> new OpenAiModelClient(endpoint, credentials, options, transport.jdkHttp());
    };
  }

  /**
   * Runs {@code calls} model calls through clients like those of {@code endpoints} (same provider,
   * model and region, on this process's shared transport) against a {@link WarmUpServer} on
   * 127.0.0.1, at most {@value #WARM_UP_CONCURRENCY} at once, so that the JIT compiles the call
   * path before real traffic arrives. No provider is called: the calls go to the stand-in, signed
   * with placeholder credentials. Every fourth call asks for a structured answer. Sends no further
   * call once {@code enough} says so (checked before each call), then waits for the calls out, at
   * most {@link #WARM_UP_DRAIN}; a failed call is counted, not thrown.
   *
   * @param endpoints the endpoints whose clients to warm; none: returns 0 at once
   * @param calls calls to make at most, shared round-robin among the distinct endpoints
   * @param enough true when the warm-up should stop early (e.g. once real traffic is served)
   * @return calls that got an answer
   */
  public int warmUp(Collection<Endpoint> endpoints, int calls, BooleanSupplier enough)
      throws InterruptedException {
    Map<String, Endpoint> distinct = new LinkedHashMap<>();
    endpoints.forEach(e -> distinct.putIfAbsent(e.provider() + "|" + e.model(), e));
    if (distinct.isEmpty() || calls <= 0) {
      return 0;
    }
    AtomicInteger answered = new AtomicInteger();
    Semaphore permits = new Semaphore(WARM_UP_CONCURRENCY);
    List<ModelClient> warm = new ArrayList<>();
    try (WarmUpServer server = WarmUpServer.start()) {
      for (Endpoint e : distinct.values()) {
        warm.add(
            create(
                new Endpoint(e.provider(), e.model(), e.region(), server.uri()), Credentials.NONE));
      }
      for (int i = 0; i < calls && !enough.getAsBoolean(); i++) {
        if (!permits.tryAcquire(WARM_UP_DRAIN.toNanos(), TimeUnit.NANOSECONDS)) {
          break;
        }
        warm.get(i % warm.size())
            .converse(warmUpRequest(i))
            .whenComplete(
                (r, error) -> {
                  if (error == null) {
                    answered.incrementAndGet();
                  }
                  permits.release();
                });
      }
      permits.tryAcquire(WARM_UP_CONCURRENCY, WARM_UP_DRAIN.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      warm.forEach(ModelClient::close);
    }
    return answered.get();
  }

  /** Warm-up calls in flight at once, at most. */
  public static final int WARM_UP_CONCURRENCY = 8;

  /** The longest wait for a warm-up call to end. */
  public static final Duration WARM_UP_DRAIN = Duration.ofSeconds(10);

  private static final String WARM_UP_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}},"
          + "\"required\":[\"answer\"]}";

  private static ModelRequest warmUpRequest(int n) {
    return new ModelRequest(
        "warm-up-" + n,
        1,
        "You are a concise assistant.",
        List.of(Turn.user("Reply with one word, number " + n + ".")),
        64,
        0.2f,
        null,
        List.of(),
        n % 4 == 3 ? WARM_UP_SCHEMA : null);
  }

  @Override
  public void close() {
    clients.values().forEach(ModelClient::close);
    clients.clear();
    transport.close();
  }
}
