package dev.ballast.cli;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** ElasticMQ in this JVM on an ephemeral 127.0.0.1 port, and a real SDK client for it. */
final class ElasticMq implements AutoCloseable {

  /** Credentials ElasticMQ accepts (it checks none); also given to child processes. */
  static final Map<String, String> ENV =
      Map.of(
          "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", "us-east-1");

  private final SQSRestServer server;
  final URI endpoint;
  final SqsAsyncClient sqs;

  ElasticMq() {
    server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = server.waitUntilStarted().localAddress().getPort();
    endpoint = URI.create("http://127.0.0.1:" + port);
    sqs =
        SqsAsyncClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
  }

  /** Creates a queue and returns its URL; names ending in .fifo make FIFO queues. */
  String createQueue(String name, Map<QueueAttributeName, String> attributes) {
    Map<QueueAttributeName, String> a = new java.util.HashMap<>(attributes);
    if (name.endsWith(".fifo")) {
      a.put(QueueAttributeName.FIFO_QUEUE, "true");
    }
    return sqs.createQueue(b -> b.queueName(name).attributes(a)).join().queueUrl();
  }

  /** Visible plus in-flight messages of a queue. */
  int messagesIn(String queueUrl) {
    Map<QueueAttributeName, String> a =
        sqs.getQueueAttributes(
                b ->
                    b.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
            .join()
            .attributes();
    return a.values().stream().mapToInt(Integer::parseInt).sum();
  }

  /** One approximate count of a queue, e.g. {@code APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE}. */
  int count(String queueUrl, QueueAttributeName name) {
    return Integer.parseInt(
        sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(name))
            .join()
            .attributes()
            .get(name));
  }

  /** Receives up to 10 messages with all attributes, waiting up to {@code wait}. */
  List<Message> receive(String queueUrl, Duration wait, Duration visibility) {
    return sqs.receiveMessage(
            b ->
                b.queueUrl(queueUrl)
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds((int) wait.toSeconds())
                    .visibilityTimeout((int) visibility.toSeconds())
                    .messageAttributeNames("All"))
        .join()
        .messages();
  }

  void delete(String queueUrl, Message m) {
    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle())).join();
  }

  @Override
  public void close() {
    sqs.close();
    server.stopAndWait();
  }
}
