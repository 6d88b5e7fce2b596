package dev.ballast.modelclient.internal;

import dev.ballast.modelclient.ClientOptions;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;

/**
 * The one HTTP client every provider client shares: Netty event loops ({@link
 * ClientOptions#ioThreads()}) and connection pools, and one timer thread for the SDK clients' call
 * timeouts. HTTP /1.1 works against every endpoint Ballast talks to (Bedrock, simulators,
 * gateways); HTTP/2 fails against plain-http servers.
 *
 * <p>This class is thread-safe.
 */
public final class Transport implements AutoCloseable {

  private final SdkAsyncHttpClient http;
  private final HttpClient jdkHttp;
  private final ExecutorService jdkExecutor;
  private final ScheduledThreadPoolExecutor timers;

  public Transport(ClientOptions options) {
    NettyNioAsyncHttpClient.Builder netty = NettyNioAsyncHttpClient.builder();
    if (options.ioThreads() > 0) {
      netty.eventLoopGroupBuilder(SdkEventLoopGroup.builder().numberOfThreads(options.ioThreads()));
    }
    this.http =
        netty
            .protocol(Protocol.HTTP1_1)
            .maxConcurrency(options.maxConnections())
            .maxPendingConnectionAcquires(100_000)
            .connectionAcquisitionTimeout(options.callTimeout())
            .connectionTimeout(Duration.ofSeconds(5))
            .readTimeout(options.callTimeout())
            .writeTimeout(options.callTimeout())
            .tcpKeepAlive(true)
            .build();
    AtomicInteger n = new AtomicInteger();
    // The SDK schedules a call's timeout on this executor and cancels it when the call ends. Its
    // default executor (five threads per client) keeps cancelled tasks queued until they would
    // have fired, waking for each: an idle pipeline paid for every call of the last call timeout.
    this.timers =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "ballast-sdk-timer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    timers.setRemoveOnCancelPolicy(true);
    this.jdkExecutor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "ballast-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.jdkHttp =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(jdkExecutor)
            .build();
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

  /** The shared SDK HTTP client; the SDK clients built on it do not close it. */
  public SdkAsyncHttpClient http() {
    return http;
  }

  @Override
  public void close() {
    http.close();
    jdkExecutor.shutdownNow();
    timers.shutdownNow();
  }
}
