package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.junit.jupiter.api.Test;

class PollPaceTest {

  private static final Duration IDLE = Duration.ofMillis(100);

  @Test
  void shouldPollAtStreamsPaceWhileIdleAndBrieflyWhileAStageHasWorkOut() {
    // given
    PollPace pace = new PollPace();
    List<Object> seen = new ArrayList<>();
    Consumer<byte[], byte[]> consumer =
        PacedClientSupplier.paced(recording(seen), pace, atLeastOnce(() -> {}));

    // when: idle, two stages busy, one idle again, both idle, one idle too many
    consumer.poll(IDLE);
    pace.busy();
    pace.busy();
    consumer.poll(IDLE);
    consumer.poll(Duration.ZERO);
    pace.idle();
    consumer.poll(IDLE);
    pace.idle();
    pace.idle();
    consumer.poll(IDLE);
    consumer.assignment();

    // then: only poll's timeout changes, a short request stays short, the count never goes below 0
    assertThat(seen)
        .containsExactly(IDLE, PollPace.BUSY, Duration.ZERO, PollPace.BUSY, IDLE, "assignment");
    assertThat(pace.busyStages()).isZero();
  }

  @Test
  void shouldPollBrieflyWhileTheAppStartsOrRebalances() {
    // given
    PollPace pace = new PollPace();
    List<Object> seen = new ArrayList<>();
    Consumer<byte[], byte[]> main =
        PacedClientSupplier.paced(recording(seen), pace, atLeastOnce(() -> {}));
    Consumer<byte[], byte[]> global =
        PacedClientSupplier.paced(recording(seen), pace, false, atLeastOnce(() -> {}));

    // when: rebalancing, running, rebalancing again
    pace.running(false);
    main.poll(IDLE);
    global.poll(IDLE);
    pace.running(true);
    main.poll(IDLE);
    global.poll(IDLE);
    pace.running(false);
    main.poll(IDLE);

    // then
    assertThat(seen).containsExactly(PollPace.BUSY, PollPace.BUSY, IDLE, IDLE, PollPace.BUSY);
  }

  @Test
  void shouldEndARegisteredPollAtOnceAndKeepLaterOnesShortWhenTheAppCloses() throws Exception {
    // given: a consumer whose poll blocks until it is woken, asked for an hour
    PollPace pace = new PollPace();
    CountDownLatch polling = new CountDownLatch(1);
    List<Object> seen = new CopyOnWriteArrayList<>();
    Consumer<byte[], byte[]> blocking = ThreadPaceTest.blockingUntilWoken(polling, seen);
    Consumer<byte[], byte[]> paced =
        PacedClientSupplier.paced(blocking, pace, atLeastOnce(blocking::wakeup));
    CompletableFuture<ConsumerRecords<byte[], byte[]>> poll =
        CompletableFuture.supplyAsync(() -> paced.poll(Duration.ofHours(1)));
    assertThat(polling.await(30, TimeUnit.SECONDS)).isTrue();

    // when
    pace.close();

    // then: the poll returns no records long before its hour, and the next one is short
    assertThat(poll.get(30, TimeUnit.SECONDS).isEmpty()).isTrue();
    paced.poll(Duration.ofHours(1));
    assertThat(seen).containsExactly(Duration.ofHours(1), PollPace.BUSY);
  }

  @Test
  void shouldKeepAGlobalConsumersPollWhileStagesWaitOnTheClockButNotOnceTheAppCloses() {
    // given: the GlobalStreamThread's consumer, which runs no punctuator
    PollPace pace = new PollPace();
    List<Object> seen = new ArrayList<>();
    AtomicInteger wakeups = new AtomicInteger();
    Consumer<byte[], byte[]> consumer =
        PacedClientSupplier.paced(
            recording(seen), pace, false, atLeastOnce(wakeups::incrementAndGet));

    // when: a stage waits on the clock, then the app closes
    pace.busy();
    consumer.poll(IDLE);
    pace.close();
    consumer.poll(IDLE);

    // then: only closing shortens its poll; it was not polling when the app closed
    assertThat(seen).containsExactly(IDLE, PollPace.BUSY);
    assertThat(wakeups).hasValue(0);
  }

  /** A thread's pace where records are visible once sent: nothing but {@code wakeup} matters. */
  private static ThreadPace atLeastOnce(Runnable wakeup) {
    return new ThreadPace(wakeup, null, System::currentTimeMillis, () -> Long.MIN_VALUE);
  }

  @SuppressWarnings("unchecked")
  private static Consumer<byte[], byte[]> recording(List<Object> seen) {
    return (Consumer<byte[], byte[]>)
        Proxy.newProxyInstance(
            Consumer.class.getClassLoader(),
            new Class<?>[] {Consumer.class},
            (proxy, method, args) -> {
              if (method.getName().equals("poll")) {
                seen.add(args[0]);
                return ConsumerRecords.empty();
              }
              seen.add(method.getName());
              return method.getName().equals("assignment") ? Set.of() : null;
            });
  }
}
