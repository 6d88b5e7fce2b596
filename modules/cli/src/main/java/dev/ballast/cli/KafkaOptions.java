package dev.ballast.cli;

import dev.ballast.schemas.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * How the client commands reach Kafka and find Ballast's topics; shared by every client command
 * (submit, results, redrive, backfill, sqs-bridge).
 */
public final class KafkaOptions {

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "localhost:9092",
      description = "Kafka (default ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--topic-prefix",
      defaultValue = Topics.DEFAULT_PREFIX,
      description = "Topic prefix (default ${DEFAULT-VALUE}).")
  String topicPrefix;

  @Option(
      names = "--command-config",
      paramLabel = "FILE",
      description =
          "Kafka client settings (Java properties), as Kafka's own tools take them: security"
              + " (security.protocol, sasl.mechanism, sasl.jaas.config, ssl.truststore.location,"
              + " ...), timeouts. Applied to every producer and consumer of the command.")
  Path commandConfig;

  String bootstrapServers() {
    return bootstrapServers;
  }

  /** The topic table for the prefix. */
  Topics topics() {
    return Topics.withPrefix(topicPrefix);
  }

  /**
   * The settings of {@code --command-config}, empty without it.
   *
   * @throws IllegalArgumentException when the file cannot be read
   */
  Map<String, String> settings() {
    return readSettings(commandConfig);
  }

  /**
   * Kafka client settings from a Java properties file; empty for null.
   *
   * @throws IllegalArgumentException when the file cannot be read
   */
  static Map<String, String> readSettings(Path commandConfig) {
    Map<String, String> out = new TreeMap<>();
    if (commandConfig == null) {
      return out;
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(commandConfig)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--command-config " + commandConfig + ": no such file");
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--command-config " + commandConfig + ": cannot read it: " + e.getMessage(), e);
    }
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }
}
