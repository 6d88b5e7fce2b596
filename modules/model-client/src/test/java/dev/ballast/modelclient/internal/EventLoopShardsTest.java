package dev.ballast.modelclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;

class EventLoopShardsTest {

  @Test
  void shouldSendEachCallToTheNextShardInTurn() {
    // given
    List<Shard> shards = List.of(new Shard(), new Shard(), new Shard());
    EventLoopShards client = new EventLoopShards(new ArrayList<>(shards));

    // when
    for (int i = 0; i < 7; i++) {
      client.execute(null);
    }

    // then
    assertThat(shards).extracting(s -> s.calls).containsExactly(3, 2, 2);
  }

  @Test
  void shouldCloseEveryShardAndNameItselfAfterThem() {
    // given
    List<Shard> shards = List.of(new Shard(), new Shard());
    EventLoopShards client = new EventLoopShards(new ArrayList<>(shards));

    // when
    client.close();

    // then
    assertThat(shards).allMatch(s -> s.closed);
    assertThat(client.clientName()).isEqualTo("NettyNio");
  }

  @Test
  void shouldRefuseFewerThanTwoShards() {
    assertThatThrownBy(() -> new EventLoopShards(List.of(new Shard())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least two shards, was 1");
  }

  /** Counts the calls it is given; not thread-safe (the test runs on one thread). */
  private static final class Shard implements SdkAsyncHttpClient {
    int calls;
    boolean closed;

    @Override
    public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
      calls++;
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public String clientName() {
      return "NettyNio";
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
