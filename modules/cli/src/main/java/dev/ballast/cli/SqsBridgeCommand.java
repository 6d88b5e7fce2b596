package dev.ballast.cli;

import dev.ballast.sqsbridge.SqsBridge;
import dev.ballast.sqsbridge.SqsBridgeConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballast sqs-bridge}: SQS request queue → Ballast → reply queues. */
@Command(
    name = "sqs-bridge",
    mixinStandardHelpOptions = true,
    description = {
      "Bridges Amazon SQS and Ballast until stopped (SIGTERM or Ctrl-C). Long-polls the request"
          + " queue (standard or FIFO), sends each message to the request topic with an"
          + " idempotent producer and deletes it only after Kafka acknowledged it (the visibility"
          + " timeout is extended while a send is slow; a crash re-delivers, and the pipeline"
          + " answers an id once). Each result goes to the queue named in the message attribute"
          + " ReplyTo (a URL or a queue name), else to sqs.reply.queue, as the JSON of"
          + " 'ballast results' with the request id in message attribute RequestId; FIFO reply"
          + " queues get the request id as deduplication id.",
      "Message body: the JSON object 'ballast submit' reads (id, route, prompt or messages,"
          + " system, maxTokens, ...). Without an id, the SQS message id is the request id. A FIFO"
          + " message's MessageGroupId becomes the conversation id. Undecodable messages are"
          + " logged, counted and left to the queue's redrive policy (dead-letter queue).",
      "AWS credentials come from the SDK's default chain (environment, profile, instance role)."
    })
public final class SqsBridgeCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "Bridge configuration (YAML of the keys listed below).")
  Path config;

  @Option(
      names = "--command-config",
      paramLabel = "FILE",
      description =
          "Kafka client settings (Java properties) for the bridge's producer and consumer, as"
              + " Kafka's own tools take them (security.protocol, sasl.*, ssl.*).")
  Path commandConfig;

  @Override
  public Integer call() throws InterruptedException {
    SqsBridgeConfig cfg = SqsBridgeConfig.load(config);
    Map<String, String> kafka = KafkaOptions.readSettings(commandConfig);
    CountDownLatch stopped = new CountDownLatch(1);
    SqsBridge bridge = SqsBridge.start(cfg, kafka);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  bridge.close();
                  stopped.countDown();
                },
                "sqs-bridge-shutdown"));
    stopped.await();
    return 0;
  }

  /** The configuration keys, for the help text. */
  static String keysHelp() {
    StringBuilder b = new StringBuilder("%nConfiguration keys (YAML, flat):%n");
    SqsBridgeConfig.KEYS.forEach(
        (k, v) ->
            b.append(
                String.format(
                    "  %-24s %s%s%%n",
                    k, v[1].replace("%", "%%"), v[0] == null ? "" : " Default: " + v[0] + ".")));
    b.append("%nExample:%n")
        .append("  bootstrap.servers: localhost:9092%n")
        .append(
            "  sqs.request.queue: https://sqs.us-east-1.amazonaws.com/123456789012/ballast-requests%n")
        .append(
            "  sqs.reply.queue: https://sqs.us-east-1.amazonaws.com/123456789012/ballast-replies%n")
        .append("  sqs.region: us-east-1%n");
    return b.toString();
  }
}
