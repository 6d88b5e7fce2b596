package dev.ballast.sqsbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ballast.client.Lane;
import java.io.IOException;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQS bridge's configuration: a YAML file of flat keys (see {@link #KEYS} for each key's
 * meaning and default). Unknown keys are an error. Kafka client settings (security) come separately
 * ({@code --command-config}).
 *
 * @param bootstrapServers Kafka, host:port[,host:port]
 * @param topicPrefix prefix of Ballast's topics
 * @param lane the request topic to produce to
 * @param defaultRoute route of requests that name none
 * @param name the bridge's name: tags its requests so it forwards only their results
 * @param instanceId static consumer-group membership id of the reply reader, or null
 * @param requestQueueUrl URL of the queue requests are read from (standard or FIFO)
 * @param replyQueueUrl default reply queue URL for requests without a {@code ReplyTo}, or null
 * @param region AWS region of the queues, or null for the SDK's default region chain
 * @param endpoint SQS endpoint override (ElasticMQ, VPC endpoint), or null
 * @param waitTime long-poll wait of one receive, 1–20 s
 * @param visibilityTimeout visibility timeout given to received messages; extended while a send to
 *     Kafka is still running
 * @param maxInFlight messages received but not yet acknowledged by Kafka, at most
 */
public record SqsBridgeConfig(
    String bootstrapServers,
    String topicPrefix,
    Lane lane,
    String defaultRoute,
    String name,
    String instanceId,
    String requestQueueUrl,
    String replyQueueUrl,
    String region,
    URI endpoint,
    Duration waitTime,
    Duration visibilityTimeout,
    int maxInFlight) {

  /** Every key with its default (null: none) and meaning, for the file and for {@code --help}. */
  public static final Map<String, String[]> KEYS = keys();

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");

  /** Validates every value; messages name the key. */
  public SqsBridgeConfig {
    require(bootstrapServers, "bootstrap.servers");
    require(requestQueueUrl, "sqs.request.queue");
    Objects.requireNonNull(lane, "lane");
    if (waitTime.toSeconds() < 1 || waitTime.toSeconds() > 20) {
      throw new IllegalArgumentException("sqs.wait.time must be 1s to 20s, was " + waitTime);
    }
    if (visibilityTimeout.toSeconds() < 2) {
      throw new IllegalArgumentException(
          "sqs.visibility.timeout must be at least 2s, was " + visibilityTimeout);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max.in.flight must be at least 1, was " + maxInFlight);
    }
  }

  /**
   * Reads a YAML file of flat keys.
   *
   * @throws IllegalArgumentException naming the file and the key that is wrong
   */
  public static SqsBridgeConfig load(Path file) {
    JsonNode tree;
    try {
      tree = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage(), e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (tree != null && !tree.isNull()) {
      if (!tree.isObject()) {
        throw new IllegalArgumentException(file + ": expected a map of keys");
      }
      tree.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
    }
    try {
      return of(values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** From flat keys; missing keys take their defaults. */
  public static SqsBridgeConfig of(Map<String, String> values) {
    for (String key : values.keySet()) {
      if (!KEYS.containsKey(key)) {
        throw new IllegalArgumentException(
            "unknown key '" + key + "' (known: " + String.join(", ", KEYS.keySet()) + ")");
      }
    }
    Map<String, String> v = new TreeMap<>();
    KEYS.forEach((k, d) -> v.put(k, values.getOrDefault(k, d[0])));
    Lane lane;
    try {
      lane = Lane.valueOf(v.get("lane").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "lane must be online or batch, was '" + v.get("lane") + "'");
    }
    return new SqsBridgeConfig(
        v.get("bootstrap.servers"),
        v.get("topic.prefix"),
        lane,
        v.get("route.default"),
        v.get("bridge.name"),
        v.get("instance.id") != null ? v.get("instance.id") : v.get("bridge.name"),
        v.get("sqs.request.queue"),
        v.get("sqs.reply.queue"),
        v.get("sqs.region"),
        v.get("sqs.endpoint") == null ? null : URI.create(v.get("sqs.endpoint")),
        duration(v.get("sqs.wait.time"), "sqs.wait.time"),
        duration(v.get("sqs.visibility.timeout"), "sqs.visibility.timeout"),
        integer(v.get("max.in.flight"), "max.in.flight"));
  }

  private static Map<String, String[]> keys() {
    Map<String, String[]> k = new LinkedHashMap<>();
    k.put(
        "bootstrap.servers",
        new String[] {null, "Kafka brokers, host:port[,host:port]. Required."});
    k.put(
        "topic.prefix",
        new String[] {"ballast.", "Prefix of Ballast's topics; as the pipeline's."});
    k.put(
        "lane",
        new String[] {
          "online", "Request topic: online (<prefix>requests) or batch (<prefix>requests.batch)."
        });
    k.put("route.default", new String[] {"default", "Route of requests that name none."});
    k.put(
        "bridge.name",
        new String[] {
          "sqs-bridge",
          "Tags the requests this bridge sends (metadata ballast.sqs.bridge) so it replies to those only; bridges with different names can share a pipeline."
        });
    k.put(
        "instance.id",
        new String[] {
          null,
          "Static membership id of the reply reader's consumer group (default: bridge.name), so a restarted bridge resumes at once. Give each process of one bridge.name its own."
        });
    k.put(
        "sqs.request.queue",
        new String[] {
          null, "URL of the queue to read requests from (standard or FIFO). Required."
        });
    k.put(
        "sqs.reply.queue",
        new String[] {
          null,
          "URL of the reply queue of requests without a ReplyTo message attribute. Without it, such results are reported and not sent."
        });
    k.put(
        "sqs.region",
        new String[] {null, "AWS region of the queues (default: the SDK's region chain)."});
    k.put(
        "sqs.endpoint",
        new String[] {null, "SQS endpoint URL override (ElasticMQ, a VPC endpoint)."});
    k.put("sqs.wait.time", new String[] {"20s", "Long-poll wait of one receive, 1s to 20s."});
    k.put(
        "sqs.visibility.timeout",
        new String[] {
          "30s",
          "Visibility timeout of received messages; extended while Kafka has not acknowledged the request. A crashed bridge's messages reappear after it."
        });
    k.put(
        "max.in.flight",
        new String[] {"256", "Messages received and not yet acknowledged by Kafka, at most."});
    return Collections.unmodifiableMap(k);
  }

  private static Duration duration(String text, String key) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          key + " must be a duration like 500ms, 20s or 1m, was '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }

  private static int integer(String text, String key) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, was '" + text + "'");
    }
  }

  private static void require(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'" + key + "' is required");
    }
  }
}
