package dev.ballast.modelclient.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;

/**
 * Several AWS SDK HTTP clients, each with one event loop and its own connection pools, seen by the
 * SDK clients as one: each call goes to the next shard in turn.
 *
 * <p>The SDK's Netty client runs a host's connection pool on one of its event loops and each
 * connection on another, so with several loops a call's steps (taking a pooled connection, writing,
 * reading, giving it back) hop between sleeping threads. A shard of one loop runs them all on the
 * thread that reads the answer, and several shards still spread the calls over the cores.
 *
 * <p>This class is thread-safe.
 */
final class EventLoopShards implements SdkAsyncHttpClient {

  private final SdkAsyncHttpClient[] shards;
  private final AtomicInteger next = new AtomicInteger();

  /**
   * @param shards at least two clients; this client closes them
   */
  EventLoopShards(List<SdkAsyncHttpClient> shards) {
    if (shards.size() < 2) {
      throw new IllegalArgumentException("at least two shards, was " + shards.size());
    }
    this.shards = shards.toArray(SdkAsyncHttpClient[]::new);
  }

  @Override
  public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
    return shards[Math.floorMod(next.getAndIncrement(), shards.length)].execute(request);
  }

  @Override
  public String clientName() {
    return shards[0].clientName();
  }

  @Override
  public void close() {
    for (SdkAsyncHttpClient shard : shards) {
      shard.close();
    }
  }
}
