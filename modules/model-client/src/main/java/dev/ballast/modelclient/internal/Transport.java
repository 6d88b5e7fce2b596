package dev.ballast.modelclient.internal;

import dev.ballast.modelclient.ClientOptions;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;

/**
 * The one HTTP client every provider client shares, and one timer thread for the SDK clients' call
 * timeouts. The AWS SDK's calls go over {@link ClientOptions#ioThreads()} Netty event loops, each
 * with its own connection pools ({@link EventLoopShards}), the connections split evenly among them.
 * HTTP /1.1 works against every endpoint Ballast talks to (Bedrock, simulators, gateways); HTTP/2
 * fails against plain-http servers.
 *
 * <p>This class is thread-safe.
 */
public final class Transport implements AutoCloseable {

  private final List<NioEventLoopGroup> ioLoops = new ArrayList<>();
  private final EventLoopShards http;
  private final HttpClient jdkHttp;
  private final ExecutorService jdkExecutor;
  private final ScheduledThreadPoolExecutor timers;

  public Transport(ClientOptions options) {
    int loops = options.ioThreads() > 0 ? options.ioThreads() : defaultIoThreads();
    // Netty's own threads (FastThreadLocalThread, which its buffer pools expect), numbered across
    // the shards. Each shard's client registers its connections on, and runs its pools on, its
    // own group of one loop; this class, not the clients, shuts the loops down.
    ThreadFactory threads = new DefaultThreadFactory("ballast-model-io", true);
    int perShard = -Math.floorDiv(-options.maxConnections(), loops);
    List<EventLoopShards.Shard> shards = new ArrayList<>(loops);
    for (int i = 0; i < loops; i++) {
      NioEventLoopGroup loop = new NioEventLoopGroup(1, threads);
      ioLoops.add(loop);
      shards.add(new EventLoopShards.Shard(loop.next(), netty(options, perShard, loop)));
    }
    this.http = new EventLoopShards(shards);
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

  /**
   * The event loops when none are configured: twice the available processors, Netty's own default.
   * With one loop per core, a loop busy starting calls left answers unread long enough to cut the
   * most a pipeline served on 2 cores by a fifth (modules/bench/results/2026-12-01/NOTES.md).
   */
  static int defaultIoThreads() {
    return 2 * Runtime.getRuntime().availableProcessors();
  }

  private static SdkAsyncHttpClient netty(
      ClientOptions options, int maxConnections, NioEventLoopGroup loop) {
    return NettyNioAsyncHttpClient.builder()
        .eventLoopGroup(SdkEventLoopGroup.create(loop))
        .protocol(Protocol.HTTP1_1)
        .maxConcurrency(maxConnections)
        .maxPendingConnectionAcquires(100_000)
        .connectionAcquisitionTimeout(options.callTimeout())
        .connectionTimeout(Duration.ofSeconds(5))
        // Each SDK client's apiCallTimeout bounds the whole call, writing and reading included,
        // and starts first, so Netty's own read and write timeouts of the same length never fire
        // first; off, they no longer arm three timers on the event loop per call.
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .tcpKeepAlive(true)
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

  /**
   * Where model calls should start: on the event loops in turn, each call then sent over its loop's
   * own connections without another thread hand-off. A task must not block; tasks are rejected
   * ({@code RejectedExecutionException}) once this transport is closed.
   */
  public Executor starter() {
    return http.starter();
  }

  /** The shared SDK HTTP client; the SDK clients built on it do not close it. */
  public SdkAsyncHttpClient http() {
    return http;
  }

  @Override
  public void close() {
    http.close();
    // No quiet period: the clients are closed, so no call can still hand the loops work. All stop
    // at once, then this waits for each.
    List<Future<?>> stopped = new ArrayList<>();
    for (NioEventLoopGroup loop : ioLoops) {
      stopped.add(loop.shutdownGracefully(0, 5, TimeUnit.SECONDS));
    }
    for (Future<?> f : stopped) {
      f.awaitUninterruptibly(6, TimeUnit.SECONDS);
    }
    jdkExecutor.shutdownNow();
    timers.shutdownNow();
  }
}
