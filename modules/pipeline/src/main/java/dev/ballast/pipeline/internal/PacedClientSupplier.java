package dev.ballast.pipeline.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' clients as its default supplier builds them, except that each stream thread's main
 * consumer polls as {@link PollPace} says: at most {@link PollPace#BUSY} while something of its app
 * waits on the clock (calls out, parked requests), Streams' {@code poll.ms} otherwise. Every other
 * call goes to the consumer unchanged. (With {@code group.protocol=streams} Kafka Streams builds
 * its main consumer itself and this supplier's is not used: threads then poll for {@code poll.ms}
 * always.)
 *
 * <p>Thread-safe; the consumers it returns are, as Kafka's, for one thread each.
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

  public PacedClientSupplier(PollPace pace) {
    this.pace = pace;
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config);
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    return paced(plain(config), pace);
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return plain(config);
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return plain(config);
  }

  private static Consumer<byte[], byte[]> plain(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** {@code consumer} with {@code poll(Duration)} timeouts as {@code pace} says. */
  @SuppressWarnings("unchecked")
  static Consumer<byte[], byte[]> paced(Consumer<byte[], byte[]> consumer, PollPace pace) {
    return (Consumer<byte[], byte[]>)
        Proxy.newProxyInstance(
            Consumer.class.getClassLoader(),
            new Class<?>[] {Consumer.class},
            (proxy, method, args) -> {
              if (method.equals(POLL)) {
                args = new Object[] {pace.timeout((Duration) args[0])};
              } else if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "equals" -> proxy == args[0];
                  case "hashCode" -> System.identityHashCode(proxy);
                  default -> "paced " + consumer;
                };
              }
              try {
                return method.invoke(consumer, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
