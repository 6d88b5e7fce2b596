package dev.ballast.cli;

import dev.ballast.schemas.Topics;
import picocli.CommandLine.Option;

/** Where the client commands find Ballast's topics; shared by submit, results and redrive. */
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

  String bootstrapServers() {
    return bootstrapServers;
  }

  /** The topic table for the prefix. */
  Topics topics() {
    return Topics.withPrefix(topicPrefix);
  }
}
