package dev.ballast.modelclient.internal;

import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;

/**
 * Several AWS SDK HTTP clients, each with one event loop and its own connection pools, seen by the
 * SDK clients as one; and the executor that starts calls on those loops ({@link #starter()}).
 *
 * <p>The SDK's Netty client runs a host's connection pool on one of its event loops and each
 * connection on another, so with several loops a call's steps (taking a pooled connection, writing,
 * reading, giving it back) hop between sleeping threads. A shard of one loop runs them all on the
 * thread that reads the answer. A call sent from one of the loops goes out over that loop's own
 * shard, so a call started on a loop (building, signing and sending it) never leaves it; a call
 * sent from any other thread goes to the next shard in turn.
 *
 * <p>This class is thread-safe.
 */
final class EventLoopShards implements SdkAsyncHttpClient {

  /** One event loop and the HTTP client whose connections and pools it runs. */
  record Shard(EventLoop loop, SdkAsyncHttpClient client) {}

  private final Shard[] shards;
  private final AtomicInteger nextCall = new AtomicInteger();
  private final AtomicInteger nextStart = new AtomicInteger();

  /**
   * @param shards at least one; this client closes their clients, not their loops
   */
  EventLoopShards(List<Shard> shards) {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("at least one shard");
    }
    this.shards = shards.toArray(Shard[]::new);
  }

  @Override
  public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
    for (Shard s : shards) {
      if (s.loop().inEventLoop()) {
        return s.client().execute(request);
      }
    }
    return shards[Math.floorMod(nextCall.getAndIncrement(), shards.length)]
        .client()
        .execute(request);
  }

  /**
   * Runs each task on the next event loop in turn; a task that sends a call sends it over that
   * loop's shard. Rejects tasks ({@code RejectedExecutionException}) once the loops shut down.
   */
  Executor starter() {
    return task ->
        shards[Math.floorMod(nextStart.getAndIncrement(), shards.length)].loop().execute(task);
  }

  @Override
  public String clientName() {
    return shards[0].client().clientName();
  }

  @Override
  public void close() {
    for (Shard s : shards) {
      s.client().close();
    }
  }
}
