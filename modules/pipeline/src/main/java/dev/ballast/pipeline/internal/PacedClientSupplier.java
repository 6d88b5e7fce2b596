package dev.ballast.pipeline.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams' clients as its default supplier builds them, except that each stream thread's
 * clients keep its {@link ThreadPace}:
 *
 * <ul>
 *   <li>the main consumer polls at most as long as {@link PollPace} says (at most {@link
 *       PollPace#BUSY} while something of its app waits on the clock: parked requests, requests
 *       waiting for room to start; Streams' {@code poll.ms} otherwise) and its {@code ThreadPace}
 *       allows (under exactly-once: when the next commit is due while output waits for it or calls
 *       are out; otherwise at once when a call of the thread's tasks completes), and under
 *       exactly-once first lingers after a poll that returned records just made ({@link
 *       ThreadPace#linger});
 *   <li>under exactly-once, the producer tells the {@code ThreadPace} when the thread writes and
 *       when its commit ends; the commit is due {@code commit.interval.ms} after Streams' own last
 *       commit check ({@link StreamsCommitTime});
 *   <li>every consumer's polls (the state updaters' restore consumers' and the GlobalStreamThread's
 *       too, which otherwise poll for {@code poll.ms}) last at most {@link PollPace#BUSY} while the
 *       app is not {@code RUNNING}, and end when it closes ({@link PollPace#close()}), so that
 *       their threads notice restored tasks, a new assignment or their shutdown at once.
 * </ul>
 *
 * <p>A poll that {@link ThreadPace#answered()} ends returns no records; a wake-up that arrives as
 * the poll returns anyway ends the consumer's next blocking call, which is then made again. Every
 * other call goes to the clients unchanged. Kafka Streams never calls {@code Consumer.wakeup()}
 * itself. (With {@code group.protocol=streams} Kafka Streams builds its main consumer itself and
 * this supplier's is not used: threads then poll for {@code poll.ms} always.)
 *
 * <p>Thread-safe; the clients it returns are, as Kafka's, for one thread each.
 */
public final class PacedClientSupplier implements KafkaClientSupplier {

  private static final Method POLL;

  static {
    try {
      POLL = Consumer.class.getMethod("poll", Duration.class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final PollPace pace;
  private final Duration commitInterval;

  /**
   * @param pace the app's poll pace
   * @param streams the app's Streams properties: its {@code processing.guarantee} and {@code
   *     commit.interval.ms} say when written records become visible
   */
  public PacedClientSupplier(PollPace pace, Properties streams) {
    this.pace = pace;
    boolean exactlyOnce =
        !StreamsConfig.AT_LEAST_ONCE.equals(
            streams.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    String interval = streams.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    this.commitInterval =
        exactlyOnce && interval != null ? Duration.ofMillis(Long.parseLong(interval)) : null;
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config);
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    return commitInterval == null
        ? new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())
        : new PacedProducer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    Consumer<byte[], byte[]> consumer = plain(config);
    return paced(
        consumer,
        pace,
        new ThreadPace(
            consumer::wakeup,
            commitInterval,
            System::currentTimeMillis,
            StreamsCommitTime::ofCurrentThread));
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return offClock(plain(config));
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return offClock(plain(config));
  }

  /** A consumer whose thread runs no punctuator: paced only while the app is not RUNNING. */
  private Consumer<byte[], byte[]> offClock(Consumer<byte[], byte[]> consumer) {
    return paced(
        consumer,
        pace,
        false,
        new ThreadPace(consumer::wakeup, null, System::currentTimeMillis, () -> Long.MIN_VALUE));
  }

  private static Consumer<byte[], byte[]> plain(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** {@code consumer} polling as {@code pace} and {@code thread} say. */
  static Consumer<byte[], byte[]> paced(
      Consumer<byte[], byte[]> consumer, PollPace pace, ThreadPace thread) {
    return paced(consumer, pace, true, thread);
  }

  /**
   * {@code consumer} polling as {@code pace} ({@link PollPace#timeout} if its thread runs
   * punctuators, {@code clockBound}, else {@link PollPace#timeoutOffClock}) and {@code thread} say;
   * its polls end when the app closes ({@link PollPace#close()}).
   */
  @SuppressWarnings("unchecked")
  static Consumer<byte[], byte[]> paced(
      Consumer<byte[], byte[]> consumer, PollPace pace, boolean clockBound, ThreadPace thread) {
    pace.register(thread);
    BooleanSupplier steady = pace::steady;
    return (Consumer<byte[], byte[]>)
        Proxy.newProxyInstance(
            Consumer.class.getClassLoader(),
            new Class<?>[] {Consumer.class},
            (proxy, method, args) -> {
              if (method.equals(POLL)) {
                Duration requested = (Duration) args[0];
                Duration ceiling =
                    clockBound ? pace.timeout(requested) : pace.timeoutOffClock(requested);
                if (clockBound) {
                  thread.linger(ceiling, steady);
                }
                Duration timeout = thread.beginPoll(ceiling);
                try {
                  ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
                  if (!records.isEmpty()) {
                    thread.received(newest(records));
                  }
                  return records;
                } catch (WakeupException e) {
                  return ConsumerRecords.empty();
                } finally {
                  thread.endPoll();
                }
              } else if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "equals" -> proxy == args[0];
                  case "hashCode" -> System.identityHashCode(proxy);
                  default -> "paced " + consumer;
                };
              }
              if (method.getName().equals("close")) {
                thread.close();
                pace.unregister(thread);
              }
              try {
                return method.invoke(consumer, args);
              } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof WakeupException)) {
                  throw e.getCause();
                }
              }
              // The wake-up was meant for a poll that returned as it came: it is spent now.
              try {
                return method.invoke(consumer, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** The newest timestamp among {@code records}, epoch milliseconds. */
  private static long newest(ConsumerRecords<byte[], byte[]> records) {
    long newest = Long.MIN_VALUE;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      newest = Math.max(newest, record.timestamp());
    }
    return newest;
  }

  /**
   * Kafka's producer, telling its thread's {@link ThreadPace} when it writes and when its
   * transaction ends.
   */
  private static final class PacedProducer extends KafkaProducer<byte[], byte[]> {

    PacedProducer(Map<String, Object> config) {
      super(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
      Future<RecordMetadata> sent = super.send(record, callback);
      ThreadPace thread = ThreadPace.current();
      if (thread != null) {
        thread.sent();
      }
      return sent;
    }

    @Override
    public void commitTransaction() {
      try {
        super.commitTransaction();
      } finally {
        ThreadPace thread = ThreadPace.current();
        if (thread != null) {
          thread.committed();
        }
      }
    }

    @Override
    public void abortTransaction() {
      ThreadPace thread = ThreadPace.current();
      if (thread != null) {
        thread.aborting();
      }
      super.abortTransaction();
    }
  }
}
