package dev.ballast.bench.internal;

import dev.ballast.schemas.EndpointSignal;
import dev.ballast.schemas.EndpointSignalKind;
import dev.ballast.schemas.Topic;
import dev.ballast.simulator.Arrival;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Probes while the fleet's breaker of one endpoint is open, from the exact signals: the fleet's
 * open periods are read from the {@code endpoints} topic (from an {@code OPENED} record's
 * log-append time to the next {@code CLOSED} record's, the records every instance obeys), and the
 * calls are the simulator's arrivals on the endpoint's region with their arrival times (the same
 * machine's wall clock). A call that arrived before {@code OPENED} was sent before the breaker
 * opened and is not a probe; every call that arrived inside an open period is one. Used by one
 * thread.
 */
final class FleetProbes {

  /** One open period of the fleet's breaker, epoch milliseconds; {@code closedAt} -1 while open. */
  record Period(long openedAt, long closedAt) {}

  private final List<Period> periods = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private long calls;
  private long openMillis;

  /**
   * Reads the fleet's open periods of the endpoint whose id ends with {@code "@" + region} from
   * {@code topic}, counting those that opened at or after {@code sinceMillis}.
   */
  static List<Period> periods(
      String bootstrap, Topic<String, EndpointSignal> topic, String region, long sinceMillis) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<Period> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(10));
      long opened = -1;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!caughtUp(consumer, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            continue;
          }
          EndpointSignal s;
          try {
            s = topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
          } catch (RuntimeException e) {
            continue; // not a breaker record this reader knows
          }
          if (!s.getEndpoint().endsWith("@" + region) || r.timestamp() < sinceMillis) {
            continue;
          }
          if (s.getKind() == EndpointSignalKind.OPENED && opened < 0) {
            opened = r.timestamp();
          } else if (s.getKind() == EndpointSignalKind.CLOSED && opened >= 0) {
            out.add(new Period(opened, r.timestamp()));
            opened = -1;
          }
        }
      }
      if (opened >= 0) {
        out.add(new Period(opened, -1));
      }
    }
    return out;
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Counts the calls of {@code region} among {@code arrivals} inside {@code periods}; a period
   * still open ends at {@code endMillis}.
   */
  FleetProbes count(List<Period> periods, List<Arrival> arrivals, String region, long endMillis) {
    for (Period p : periods) {
      long to = p.closedAt() < 0 ? endMillis : p.closedAt();
      this.periods.add(p);
      openMillis += Math.max(0, to - p.openedAt());
      for (Arrival a : arrivals) {
        if (a.region().equals(region) && a.atMillis() >= p.openedAt() && a.atMillis() <= to) {
          calls++;
          events.add("call +" + (a.atMillis() - p.openedAt()) + " ms " + a.outcome());
        }
      }
      events.add("closed +" + (to - p.openedAt()) + " ms");
    }
    return this;
  }

  /** Calls per {@code probeIntervalMs} of open time; NaN when the breaker never opened. */
  double perInterval(long probeIntervalMs) {
    return openMillis == 0 ? Double.NaN : calls / (openMillis / (double) probeIntervalMs);
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("openPeriods", periods.size());
    m.put("openMs", openMillis);
    m.put("primaryCallsWhileOpen", calls);
    m.put("callsInOpenPeriods", events);
    return m;
  }
}
