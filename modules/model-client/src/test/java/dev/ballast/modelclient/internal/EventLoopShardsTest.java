package dev.ballast.modelclient.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;

class EventLoopShardsTest {

  private final List<EventLoop> loops = new ArrayList<>();

  @AfterEach
  void stopLoops() {
    loops.forEach(l -> l.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
  }

  @Test
  void shouldSendEachCallFromAnotherThreadToTheNextShardInTurn() {
    // given
    List<Client> clients = List.of(new Client(), new Client(), new Client());
    EventLoopShards shards = shards(clients);

    // when: calls sent from the test's thread, which is none of the loops
    for (int i = 0; i < 7; i++) {
      shards.execute(null);
    }

    // then
    assertThat(clients).extracting(c -> c.calls.get()).containsExactly(3, 2, 2);
  }

  @Test
  void shouldSendACallMadeOnALoopOverThatLoopsOwnShard() throws Exception {
    // given
    List<Client> clients = List.of(new Client(), new Client(), new Client());
    EventLoopShards shards = shards(clients);

    // when: five calls sent from the second shard's loop
    CompletableFuture<Void> sent = new CompletableFuture<>();
    loops
        .get(1)
        .execute(
            () -> {
              for (int i = 0; i < 5; i++) {
                shards.execute(null);
              }
              sent.complete(null);
            });
    sent.get(30, TimeUnit.SECONDS);

    // then
    assertThat(clients).extracting(c -> c.calls.get()).containsExactly(0, 5, 0);
  }

  @Test
  void shouldStartTasksOnTheLoopsInTurn() throws Exception {
    // given
    EventLoopShards shards = shards(List.of(new Client(), new Client()));

    // when
    List<CompletableFuture<Integer>> ranOn = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      CompletableFuture<Integer> f = new CompletableFuture<>();
      shards.starter().execute(() -> f.complete(loops.get(0).inEventLoop() ? 0 : 1));
      ranOn.add(f);
    }

    // then
    List<Integer> indices = new ArrayList<>();
    for (CompletableFuture<Integer> f : ranOn) {
      indices.add(f.get(30, TimeUnit.SECONDS));
    }
    assertThat(indices).containsExactly(0, 1, 0, 1);
  }

  @Test
  void shouldCloseEveryShardsClientAndNameItselfAfterThem() {
    // given
    List<Client> clients = List.of(new Client(), new Client());
    EventLoopShards shards = shards(clients);

    // when
    shards.close();

    // then: the clients are closed; the loops are their owner's to stop
    assertThat(clients).allMatch(c -> c.closed);
    assertThat(loops).noneMatch(EventLoop::isShuttingDown);
    assertThat(shards.clientName()).isEqualTo("NettyNio");
  }

  @Test
  void shouldRefuseNoShards() {
    assertThatThrownBy(() -> new EventLoopShards(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one shard");
  }

  private EventLoopShards shards(List<Client> clients) {
    List<EventLoopShards.Shard> shards = new ArrayList<>();
    for (Client c : clients) {
      EventLoop loop = new DefaultEventLoop();
      loops.add(loop);
      shards.add(new EventLoopShards.Shard(loop, c));
    }
    return new EventLoopShards(shards);
  }

  /** Counts the calls it is given. */
  private static final class Client implements SdkAsyncHttpClient {
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean closed;

    @Override
    public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
      calls.incrementAndGet();
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
