package dev.ballast.pipeline.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A stream thread's main consumer as {@link PollPace} says: {@code poll(Duration)} waits at most
 * {@link PollPace#BUSY} while a stage has work out, and ends at once when a call of this thread
 * finishes ({@link #wake}, through {@code Consumer.wakeup()}). Every other call goes to the
 * consumer unchanged.
 *
 * <p>Only this class wakes the consumer (Kafka Streams never calls {@code wakeup()} on its main
 * consumer), so a {@link WakeupException} is always ours: a woken poll returns no records, and
 * another call that meets a wake-up meant for a poll that had already returned is made again (the
 * consumer's calls are safe to repeat after a wake-up: it is thrown before their result is used).
 *
 * <p>{@link #wake} is thread-safe; the consumer is, as Kafka's, for its one stream thread.
 */
final class PacedConsumer implements Runnable {

  private static final Method POLL;

  static {
    try {
      POLL = Consumer.class.getMethod("poll", Duration.class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Consumer<byte[], byte[]> consumer;
  private final PollPace pace;
  private volatile boolean polling;
  private volatile boolean signalled;
  private Thread registered;

  private PacedConsumer(Consumer<byte[], byte[]> consumer, PollPace pace) {
    this.consumer = consumer;
    this.pace = pace;
  }

  /** {@code consumer} paced by {@code pace}. */
  @SuppressWarnings("unchecked")
  static Consumer<byte[], byte[]> of(Consumer<byte[], byte[]> consumer, PollPace pace) {
    PacedConsumer paced = new PacedConsumer(consumer, pace);
    return (Consumer<byte[], byte[]>)
        Proxy.newProxyInstance(
            Consumer.class.getClassLoader(),
            new Class<?>[] {Consumer.class},
            (proxy, method, args) -> {
              if (method.equals(POLL)) {
                return paced.poll((Duration) args[0]);
              }
              if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "equals" -> proxy == args[0];
                  case "hashCode" -> System.identityHashCode(proxy);
                  default -> "paced " + consumer;
                };
              }
              if (method.getName().equals("close")) {
                pace.forget(paced);
              }
              return paced.invoke(method, args);
            });
  }

  /** Ends this consumer's current or next poll at once. */
  @Override
  public void run() {
    wake();
  }

  /** Ends this consumer's current or next poll at once. */
  void wake() {
    // Paired with poll(): either it sees the signal before waiting, or this sees it polling.
    signalled = true;
    if (polling) {
      consumer.wakeup();
    }
  }

  private ConsumerRecords<byte[], byte[]> poll(Duration requested) {
    Thread current = Thread.currentThread();
    if (registered != current) {
      registered = current;
      pace.register(current, this);
    }
    polling = true;
    try {
      Duration timeout = pace.timeout(requested);
      if (signalled) {
        signalled = false;
        timeout = Duration.ZERO;
      }
      return consumer.poll(timeout);
    } catch (WakeupException woken) {
      return ConsumerRecords.empty();
    } finally {
      polling = false;
    }
  }

  private Object invoke(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(consumer, args);
    } catch (InvocationTargetException e) {
      if (!(e.getCause() instanceof WakeupException)) {
        throw e.getCause();
      }
    }
    try {
      return method.invoke(consumer, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
