package dev.ballast.pipeline.internal;

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
 * consumer polls as {@link PollPace} says ({@link PacedConsumer}): at most {@link PollPace#BUSY}
 * while a model stage has work out, Streams' {@code poll.ms} otherwise, and not at all once a call
 * of its thread has finished. Every other call goes to the consumer unchanged. (With {@code
 * group.protocol=streams} Kafka Streams builds its main consumer itself and this supplier's is not
 * used: threads then poll for {@code poll.ms} always.)
 *
 * <p>Thread-safe; the consumers it returns are, as Kafka's, for one thread each.
 */
public final class PacedClientSupplier implements KafkaClientSupplier {

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

  /** {@code consumer} with {@code poll(Duration)} timeouts and wake-ups as {@code pace} says. */
  static Consumer<byte[], byte[]> paced(Consumer<byte[], byte[]> consumer, PollPace pace) {
    return PacedConsumer.of(consumer, pace);
  }
}
