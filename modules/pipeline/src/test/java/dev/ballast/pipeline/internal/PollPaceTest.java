package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class PollPaceTest {

  private static final Duration IDLE = Duration.ofMillis(100);

  @Test
  void shouldPollAtStreamsPaceWhileIdleAndBrieflyWhileAStageHasWorkOut() {
    // given
    PollPace pace = new PollPace();
    List<Object> seen = new ArrayList<>();
    Consumer<byte[], byte[]> consumer = PacedClientSupplier.paced(recording(seen), pace);

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
  void shouldPollWithoutWaitingAfterAWakeUpAndRegisterThePollingThreadsWaker() {
    // given
    PollPace pace = new PollPace();
    List<Object> seen = new ArrayList<>();
    Consumer<byte[], byte[]> consumer = PacedClientSupplier.paced(recording(seen), pace);
    Runnable none = pace.waker(Thread.currentThread());

    // when: a first poll registers this thread; a call of this thread finishes; two more polls
    consumer.poll(IDLE);
    Runnable waker = pace.waker(Thread.currentThread());
    waker.run();
    consumer.poll(IDLE);
    consumer.poll(IDLE);
    consumer.close();

    // then: only the poll right after the wake-up does not wait; closing forgets the waker
    assertThat(waker).isNotSameAs(none);
    assertThat(seen).containsExactly(IDLE, Duration.ZERO, IDLE, "close");
    assertThat(pace.waker(Thread.currentThread())).isSameAs(none);
  }

  @Test
  void shouldTurnAWakeUpIntoAnEmptyPollOrOneMoreTryOfAnotherCall() {
    // given: a consumer whose next poll and next position() meet a wake-up
    List<Object> seen = new ArrayList<>();
    int[] wakeUps = {2};
    Consumer<byte[], byte[]> woken =
        (Consumer<byte[], byte[]>)
            Proxy.newProxyInstance(
                Consumer.class.getClassLoader(),
                new Class<?>[] {Consumer.class},
                (proxy, method, args) -> {
                  seen.add(method.getName());
                  if (wakeUps[0] > 0 && !method.getName().equals("close")) {
                    wakeUps[0]--;
                    throw new WakeupException();
                  }
                  return method.getName().equals("position") ? 7L : null;
                });
    Consumer<byte[], byte[]> consumer = PacedClientSupplier.paced(woken, new PollPace());

    // when / then: the poll returns nothing, position() is asked twice and answers
    assertThat(consumer.poll(IDLE)).isEmpty();
    assertThat(consumer.position(new TopicPartition("t", 0))).isEqualTo(7L);
    assertThat(seen).containsExactly("poll", "position", "position");
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
