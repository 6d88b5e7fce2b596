package dev.ballast.modelclient.internal;

import dev.ballast.modelclient.ClientOptions;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient;

/**
 * The one HTTP client every provider client shares, the threads that start calls, and one timer
 * thread for the SDK clients' call timeouts.
 *
 * <p>The AWS SDK's calls go over the AWS Common Runtime's HTTP client ({@code
 * AwsCrtAsyncHttpClient}): its native event loops, {@link ClientOptions#ioThreads()} of them, own
 * the connections, at most {@link ClientOptions#maxConnections()} per host, and complete each call
 * on the loop that read its answer. Building and signing a call is Java work for the SDK; it runs
 * on {@link #starter()}, a pool of as many threads named {@code ballast-model-io-N}. Against the
 * SDK's Netty client, it cost the pipeline less CPU per request at capacity (0.26–0.36 ms against
 * 0.33–0.41 in runs alternated against one broker and in the bench) and the same at 200 requests a
 * second (modules/bench/results/2026-12-02/NOTES.md). HTTP/1.1 works against every endpoint Ballast
 * talks to (Bedrock, simulators, gateways).
 *
 * <p>This class is thread-safe.
 */
public final class Transport implements AutoCloseable {

  private final SdkAsyncHttpClient http;
  private final ThreadPoolExecutor starters;
  private final HttpClient jdkHttp;
  private final ExecutorService jdkExecutor;
  private final ScheduledThreadPoolExecutor timers;

  public Transport(ClientOptions options) {
    int threads = options.ioThreads() > 0 ? options.ioThreads() : defaultIoThreads();
    this.http =
        AwsCrtAsyncHttpClient.builder()
            .numEventLoopThreads(threads)
            .protocol(Protocol.HTTP1_1)
            .maxConcurrency(options.maxConnections())
            .connectionAcquisitionTimeout(options.callTimeout())
            .connectionTimeout(Duration.ofSeconds(5))
            // A dead peer is found on an idle connection, not only by a call's own timeout.
            .tcpKeepAliveConfiguration(
                k ->
                    k.keepAliveInterval(Duration.ofSeconds(30))
                        .keepAliveTimeout(Duration.ofSeconds(10)))
            .build();
    // Threads are started as calls come: an idle transport holds none awake.
    this.starters =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            daemon("ballast-model-io-"));
    // The SDK schedules a call's timeout on this executor and cancels it when the call ends. Its
    // default executor (five threads per client) keeps cancelled tasks queued until they would
    // have fired, waking for each: an idle pipeline paid for every call of the last call timeout.
    this.timers = new ScheduledThreadPoolExecutor(1, daemon("ballast-sdk-timer-"));
    timers.setRemoveOnCancelPolicy(true);
    this.jdkExecutor = Executors.newFixedThreadPool(2, daemon("ballast-http-"));
    this.jdkHttp =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(jdkExecutor)
            .build();
  }

  /** The threads of each kind when none are configured: one per available processor. */
  static int defaultIoThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The shared JDK HTTP client, for providers spoken over plain HTTP/JSON. */
  public HttpClient jdkHttp() {
    return jdkHttp;
  }

  /**
   * The scheduler every SDK client shares for its call timeouts, dropping a cancelled timeout at
   * once; the SDK clients built on it do not close it.
   */
  public ScheduledExecutorService timers() {
    return timers;
  }

  /**
   * Where model calls should start, so that no stream thread builds or signs one: {@link
   * ClientOptions#ioThreads()} threads named {@code ballast-model-io-N} over one queue. A task must
   * not block; tasks are rejected ({@code RejectedExecutionException}) once this transport is
   * closed.
   */
  public Executor starter() {
    return starters;
  }

  /** The shared SDK HTTP client; the SDK clients built on it do not close it. */
  public SdkAsyncHttpClient http() {
    return http;
  }

  @Override
  public void close() {
    starters.shutdownNow();
    http.close();
    jdkExecutor.shutdownNow();
    timers.shutdownNow();
  }
}
