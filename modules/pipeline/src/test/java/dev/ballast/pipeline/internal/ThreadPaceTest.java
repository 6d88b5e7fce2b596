package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ThreadPaceTest {

  private static final Duration BUSY = PollPace.BUSY;
  private static final Duration IDLE = Duration.ofMillis(250);
  private static final Duration COMMIT = Duration.ofMillis(20);

  private final AtomicLong millis = new AtomicLong();
  private final AtomicLong streamsLastCommit = new AtomicLong(Long.MIN_VALUE);

  @Test
  void shouldEndABlockingPollAtOnceWhenACallOfItsThreadCompletes() throws Exception {
    // given: a consumer whose poll blocks until it is woken, asked for an hour
    CountDownLatch polling = new CountDownLatch(1);
    AtomicReference<ThreadPace> pace = new AtomicReference<>();
    Consumer<byte[], byte[]> consumer = blockingUntilWoken(polling, new ArrayList<>());
    pace.set(pace(consumer::wakeup, null));
    Consumer<byte[], byte[]> paced =
        PacedClientSupplier.paced(consumer, new PollPace(), pace.get());
    CompletableFuture<ConsumerRecords<byte[], byte[]>> poll =
        CompletableFuture.supplyAsync(() -> paced.poll(Duration.ofHours(1)));
    assertThat(polling.await(30, TimeUnit.SECONDS)).isTrue();

    // when
    pace.get().answered();

    // then: the poll returns no records instead of throwing, long before its hour
    assertThat(poll.get(30, TimeUnit.SECONDS).isEmpty()).isTrue();
  }

  @Test
  void shouldNotWakeAConsumerThatIsNotPolling() {
    // given
    AtomicInteger wakeups = new AtomicInteger();
    List<Object> seen = new ArrayList<>();
    Consumer<byte[], byte[]> consumer = recording(seen);
    ThreadPace pace = pace(wakeups::incrementAndGet, null);
    Consumer<byte[], byte[]> paced = PacedClientSupplier.paced(consumer, new PollPace(), pace);

    // when: completions before, between and after polls
    pace.answered();
    paced.poll(IDLE);
    pace.answered();
    pace.answered();

    // then
    assertThat(wakeups).hasValue(0);
    assertThat(seen).containsExactly(IDLE);
  }

  @Test
  void shouldPollBrieflyOnlyWhileAWatchedQueueHoldsCompletions() {
    // given
    ThreadPace pace = pace(() -> {}, null);
    ConcurrentLinkedQueue<String> watched = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> other = new ConcurrentLinkedQueue<>();
    pace.watch(watched, () -> false);
    other.add("of a task on another thread");

    // when / then: nothing waiting
    assertThat(poll(pace, BUSY)).isEqualTo(BUSY);

    // when / then: a completion waits for its drain; a zero poll stays zero
    watched.add("answer");
    assertThat(poll(pace, BUSY)).isEqualTo(ThreadPace.DRAIN);
    assertThat(poll(pace, Duration.ZERO)).isEqualTo(Duration.ZERO);

    // when / then: the queue is no longer drained here
    pace.unwatch(watched);
    assertThat(poll(pace, BUSY)).isEqualTo(BUSY);
  }

  @Test
  void shouldLeaveCompletionsForTheLoopThatCommitsUnderExactlyOnce() {
    // given: under exactly-once, a poll blocking while its thread's task has a call out
    AtomicInteger wakeups = new AtomicInteger();
    ThreadPace pace = pace(wakeups::incrementAndGet, COMMIT);
    pace.committed();
    ConcurrentLinkedQueue<String> completions = new ConcurrentLinkedQueue<>();
    AtomicBoolean callsOut = new AtomicBoolean(true);
    pace.watch(completions, callsOut::get);
    at(5);
    Duration timeout = pace.beginPoll(IDLE);

    // when: the call completes during the poll
    completions.add("answer");
    pace.answered();

    // then: the poll is not woken; it was to end when the next commit is due anyway
    assertThat(pace.endPoll()).isFalse();
    assertThat(wakeups).hasValue(0);
    assertThat(timeout).isEqualTo(Duration.ofMillis(16));

    // when / then: the completion waits for its drain, no call is out: the commit is still due
    callsOut.set(false);
    assertThat(poll(pace, IDLE)).isEqualTo(Duration.ofMillis(16));

    // when / then: drained and committed, no call out: Streams' own pace
    completions.clear();
    pace.committed();
    assertThat(poll(pace, IDLE)).isEqualTo(IDLE);

    // when / then: another call out: its completion waits no longer than the next commit
    callsOut.set(true);
    at(10);
    assertThat(poll(pace, IDLE)).isEqualTo(Duration.ofMillis(16));
    assertThat(poll(pace, Duration.ofMillis(4))).isEqualTo(Duration.ofMillis(4));

    // when / then: the task moved to another thread
    pace.unwatch(completions);
    assertThat(poll(pace, IDLE)).isEqualTo(IDLE);
  }

  @Test
  void shouldEndThePollWhenWrittenOutputIsDueForCommitUnderExactlyOnce() {
    // given: a commit that ended at 0 ms, a record written at 5 ms
    ThreadPace pace = pace(() -> {}, COMMIT);
    pace.committed();
    at(5);
    pace.sent();

    // when / then: the poll ends when Streams commits: in the first loop more than the interval
    // after its last commit
    assertThat(poll(pace, IDLE)).isEqualTo(Duration.ofMillis(16));
    at(6);
    assertThat(poll(pace, IDLE)).isEqualTo(Duration.ofMillis(15));
    assertThat(poll(pace, Duration.ofMillis(3))).isEqualTo(Duration.ofMillis(3));

    // when / then: overdue: the poll does not block
    at(30);
    assertThat(poll(pace, IDLE)).isEqualTo(Duration.ZERO);

    // when / then: committed, nothing written since: Streams' own pace
    pace.committed();
    assertThat(poll(pace, IDLE)).isEqualTo(IDLE);
  }

  @Test
  void shouldCountTheIntervalFromStreamsOwnLastCommitCheck() {
    // given: a transaction committed at 0 ms; Streams checked again at 12 ms with nothing to
    // commit, which restarts its interval; a record written at 14 ms
    ThreadPace pace = pace(() -> {}, COMMIT);
    pace.committed();
    streamsLastCommit.set(12);
    at(14);
    pace.sent();

    // when / then: not due at 21 ms, as the transaction's end alone would say, but at 33 ms
    assertThat(poll(pace, IDLE)).isEqualTo(Duration.ofMillis(19));

    // when / then: Streams' time unknown: the transaction's end counts
    streamsLastCommit.set(Long.MIN_VALUE);
    assertThat(poll(pace, IDLE)).isEqualTo(Duration.ofMillis(7));
  }

  @Test
  void shouldReadStreamsOwnCommitTimeFromTheKafkaStreamsOnTheClasspath() {
    // the field this reads is internal to Kafka Streams: this fails when an upgrade removes it
    assertThat(StreamsCommitTime.available()).isTrue();
    assertThat(StreamsCommitTime.ofCurrentThread()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void shouldIgnoreWrittenOutputWhenRecordsAreVisibleOnceSent() {
    // given: at-least-once
    ThreadPace pace = pace(() -> {}, null);
    pace.committed();

    // when
    pace.sent();
    at(19);

    // then
    assertThat(poll(pace, IDLE)).isEqualTo(IDLE);
  }

  @Test
  void shouldMakeAgainTheCallThatAWakeupMeantForAFinishedPollEnded() {
    // given: a completion arrives while the poll is returning its records anyway, so the
    // consumer's wake-up stays armed for its next blocking call
    AtomicReference<ThreadPace> pace = new AtomicReference<>();
    List<String> calls = new ArrayList<>();
    TopicPartition tp = new TopicPartition("requests", 0);
    Consumer<byte[], byte[]> consumer =
        wakeable(
            calls,
            () -> {
              if (calls.size() == 1) {
                pace.get().answered();
              }
            },
            42L);
    pace.set(pace(consumer::wakeup, null));
    Consumer<byte[], byte[]> paced =
        PacedClientSupplier.paced(consumer, new PollPace(), pace.get());
    paced.poll(IDLE);

    // when
    long position = paced.position(tp);

    // then: the stray wake-up ended the first try; the second answered
    assertThat(position).isEqualTo(42L);
    assertThat(calls).containsExactly("poll", "wakeup", "position", "position");
  }

  @Test
  void shouldLetARebalanceCallbackInsideThePollFinishWhenACompletionWakesIt() {
    // given: Kafka Streams' rebalance listener runs inside the poll and reads committed offsets
    // through the same consumer; a completion arrives as it starts
    AtomicReference<ThreadPace> pace = new AtomicReference<>();
    AtomicReference<Consumer<byte[], byte[]>> paced = new AtomicReference<>();
    List<String> calls = new ArrayList<>();
    TopicPartition tp = new TopicPartition("requests", 0);
    Consumer<byte[], byte[]> consumer =
        wakeable(
            calls,
            () -> {
              pace.get().answered();
              assertThat(paced.get().committed(Set.of(tp))).containsKey(tp);
            },
            Map.of(tp, new OffsetAndMetadata(7)));
    pace.set(pace(consumer::wakeup, null));
    paced.set(PacedClientSupplier.paced(consumer, new PollPace(), pace.get()));

    // when
    ConsumerRecords<byte[], byte[]> records = paced.get().poll(IDLE);

    // then: the callback's read was made again and the poll finished normally
    assertThat(records.isEmpty()).isTrue();
    assertThat(calls).containsExactly("poll", "wakeup", "committed", "committed");
  }

  @Test
  void shouldCutPollsShortForWhatTheThreadsProducerWroteUntilItsTransactionEnds() {
    // given: the supplier's producer under exactly-once (a 20 ms commit interval), on a thread
    // that has polled; no broker and no transactional id: a send fails at once, and so does
    // ending a transaction, after the producer has told the pace
    Properties streams = new Properties();
    streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    streams.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "20");
    ThreadPace pace = pace(() -> {}, COMMIT);
    poll(pace, IDLE);
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            "127.0.0.1:1",
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            0);
    try (Producer<byte[], byte[]> producer =
        new PacedClientSupplier(new PollPace(), streams).getProducer(config)) {
      ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("results", new byte[1]);

      // when / then: a write shortens the poll to the commit interval at most
      producer.send(record);
      assertThat(poll(pace, IDLE)).isLessThanOrEqualTo(Duration.ofMillis(21));

      // when / then: committed
      assertThatThrownBy(producer::commitTransaction).isInstanceOf(IllegalStateException.class);
      assertThat(poll(pace, IDLE)).isEqualTo(IDLE);

      // when / then: written again, then aborted
      producer.send(record);
      assertThat(poll(pace, IDLE)).isLessThanOrEqualTo(Duration.ofMillis(21));
      assertThatThrownBy(producer::abortTransaction).isInstanceOf(IllegalStateException.class);
      assertThat(poll(pace, IDLE)).isEqualTo(IDLE);
    }
  }

  @Test
  void shouldLingerAQuarterOfTheCommitIntervalAfterAPollThatReturnedRecords() {
    // given: exactly-once with a 20 ms commit interval (a 5 ms linger), a commit at 0 ms
    ThreadPace pace = pace(() -> {}, COMMIT);
    pace.committed();

    // when / then: no poll has returned records yet
    assertThat(pace.lingerMs(IDLE)).isZero();

    // when / then: records made at 2 ms, read at 3 ms; at 4 ms the next poll waits until 8 ms, at
    // most its ceiling, and not at all when Streams asks for a poll that does not block
    at(3);
    pace.received(2);
    at(4);
    assertThat(pace.lingerMs(IDLE)).isEqualTo(4);
    assertThat(pace.lingerMs(Duration.ofMillis(2))).isEqualTo(2);
    assertThat(pace.lingerMs(Duration.ZERO)).isZero();

    // when / then: the quarter has passed
    at(8);
    assertThat(pace.lingerMs(IDLE)).isZero();

    // when / then: records read at 19 ms; the commit is due at 21 ms, before the quarter ends
    at(19);
    pace.received(19);
    assertThat(pace.lingerMs(IDLE)).isEqualTo(2);

    // when / then: the thread is behind: the newest record it read was made 6 ms before
    pace.committed();
    at(30);
    pace.received(24);
    assertThat(pace.lingerMs(IDLE)).isZero();
    pace.received(25);
    assertThat(pace.lingerMs(IDLE)).isEqualTo(5);
  }

  @Test
  void shouldNotLingerWhenRecordsAreVisibleOnceSent() {
    // given: at-least-once, a poll that returned records just now
    ThreadPace pace = pace(() -> {}, null);
    pace.received(0);

    // when / then
    assertThat(pace.lingerMs(IDLE)).isZero();
  }

  @Test
  void shouldNotLingerWhenTheAppIsNotSteady() {
    // given: a one-hour commit interval (a 15-minute linger) and records just read
    ThreadPace pace = pace(() -> {}, Duration.ofHours(1));
    pace.received(0);
    assertThat(pace.lingerMs(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(15).toMillis());

    // when / then: the app is closing, or not RUNNING: the linger returns at once
    assertTimeoutPreemptively(
        Duration.ofSeconds(30), () -> pace.linger(Duration.ofHours(1), () -> false));
  }

  @Test
  void shouldEndALingerBeforeAPollWhenTheAppCloses() throws Exception {
    // given: a one-hour commit interval (a 15-minute linger); the first poll returns a record,
    // later ones end only after a wake-up, as Kafka's
    TopicPartition tp = new TopicPartition("requests", 0);
    ConsumerRecords<byte[], byte[]> one =
        new ConsumerRecords<>(
            Map.of(tp, List.of(new ConsumerRecord<>("requests", 0, 0L, new byte[1], new byte[1]))),
            Map.of());
    List<String> calls = new CopyOnWriteArrayList<>();
    Consumer<byte[], byte[]> consumer =
        wakeable(calls, () -> calls.size() == 1 ? one : ConsumerRecords.empty(), null);
    ThreadPace pace = pace(consumer::wakeup, Duration.ofHours(1));
    PollPace app = new PollPace();
    Consumer<byte[], byte[]> paced = PacedClientSupplier.paced(consumer, app, pace);
    AtomicReference<Thread> thread = new AtomicReference<>();
    CompletableFuture<ConsumerRecords<byte[], byte[]>> second =
        CompletableFuture.supplyAsync(
            () -> {
              thread.set(Thread.currentThread());
              assertThat(paced.poll(Duration.ofHours(1)).count()).isEqualTo(1);
              return paced.poll(Duration.ofHours(1));
            });

    // when: the thread lingers before its second poll, and the app closes
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (thread.get() == null || LockSupport.getBlocker(thread.get()) != pace) {
      assertThat(System.nanoTime()).as("lingering").isLessThan(deadline);
      Thread.onSpinWait();
    }
    app.close();

    // then: the linger and the poll after it end at once, with no records
    assertThat(second.get(30, TimeUnit.SECONDS).isEmpty()).isTrue();
    assertThat(calls).containsExactly("poll", "wakeup", "poll");
  }

  private void at(long epochMs) {
    millis.set(epochMs);
  }

  private ThreadPace pace(Runnable wakeup, Duration commitInterval) {
    return new ThreadPace(wakeup, commitInterval, millis::get, streamsLastCommit::get);
  }

  private static Duration poll(ThreadPace pace, Duration ceiling) {
    Duration timeout = pace.beginPoll(ceiling);
    pace.endPoll();
    return timeout;
  }

  /**
   * A consumer whose polls block until {@code wakeup()} is called, then end, as Kafka's, with a
   * {@link WakeupException}; each poll adds its timeout to {@code polls} and counts {@code polling}
   * down.
   */
  static Consumer<byte[], byte[]> blockingUntilWoken(CountDownLatch polling, List<Object> polls) {
    CountDownLatch woken = new CountDownLatch(1);
    return fake(
        (method, args) -> {
          if (method.equals("poll")) {
            polls.add(args[0]);
            polling.countDown();
            if (!woken.await(1, TimeUnit.HOURS)) {
              return ConsumerRecords.empty();
            }
            throw new WakeupException();
          }
          if (method.equals("wakeup")) {
            woken.countDown();
          }
          return null;
        });
  }

  /** What a {@link #fake} consumer does when a method is called on it. */
  interface Calls {
    Object on(String method, Object[] args) throws Exception;
  }

  /** A consumer whose every call {@code calls} answers. */
  @SuppressWarnings("unchecked")
  static Consumer<byte[], byte[]> fake(Calls calls) {
    return (Consumer<byte[], byte[]>)
        Proxy.newProxyInstance(
            Consumer.class.getClassLoader(),
            new Class<?>[] {Consumer.class},
            (proxy, method, args) -> calls.on(method.getName(), args));
  }

  /**
   * A consumer that records the methods called on it and, as Kafka's, ends its next call after
   * {@code wakeup()} with a {@link WakeupException}; a poll runs {@code duringPoll} and returns no
   * records, any other call returns {@code answer}.
   */
  private static Consumer<byte[], byte[]> wakeable(
      List<String> calls, Runnable duringPoll, Object answer) {
    return wakeable(
        calls,
        () -> {
          duringPoll.run();
          return ConsumerRecords.empty();
        },
        answer);
  }

  /** As {@link #wakeable(List, Runnable, Object)}, a poll returning what {@code poll} gives. */
  private static Consumer<byte[], byte[]> wakeable(
      List<String> calls, Supplier<ConsumerRecords<byte[], byte[]>> poll, Object answer) {
    AtomicInteger armed = new AtomicInteger();
    return fake(
        (method, args) -> {
          calls.add(method);
          if (method.equals("wakeup")) {
            armed.incrementAndGet();
            return null;
          }
          if (armed.getAndSet(0) > 0) {
            throw new WakeupException();
          }
          if (method.equals("poll")) {
            return poll.get();
          }
          return answer;
        });
  }

  private static Consumer<byte[], byte[]> recording(List<Object> seen) {
    return fake(
        (method, args) -> {
          if (method.equals("poll")) {
            seen.add(args[0]);
            return ConsumerRecords.empty();
          }
          return null;
        });
  }
}
