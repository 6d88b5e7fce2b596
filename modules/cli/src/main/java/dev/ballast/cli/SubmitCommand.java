package dev.ballast.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.ballast.client.BallastClient;
import dev.ballast.client.JsonCodec;
import dev.ballast.schemas.InferenceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ballast submit}: JSON requests to the request topic. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Sends requests to the request topic. Input: one JSON object, an array of them, or JSON"
          + " lines, from --file or standard input. Fields: id (default: a random UUID), route,"
          + " prompt or messages [{role, content}], system, maxTokens, temperature, topP,"
          + " stopSequences, responseSchema (a JSON Schema), deadline, priority,"
          + " conversationId, metadata.",
      "Prints the id of each request sent, one per line."
    })
public final class SubmitCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--file", description = "Read requests from this file instead of standard input.")
  Path file;

  @picocli.CommandLine.Mixin KafkaOptions kafka;

  @Option(
      names = "--route",
      defaultValue = "default",
      description = "Route of requests that name none (default ${DEFAULT-VALUE}).")
  String route;

  @Option(
      names = "--batch",
      description = "Send to the batch (backfill) lane instead of the online lane.")
  boolean batch;

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<InferenceRequest> requests = read();
    PrintWriter out = spec.commandLine().getOut();
    try (BallastClient client =
        BallastClient.create(kafka.bootstrapServers(), kafka.topics(), kafka.settings())) {
      List<Future<?>> sends = new ArrayList<>();
      for (InferenceRequest r : requests) {
        sends.add(batch ? client.submitBatch(r) : client.submit(r));
      }
      client.flush();
      for (int i = 0; i < sends.size(); i++) {
        try {
          sends.get(i).get();
          out.println(requests.get(i).getId());
        } catch (ExecutionException e) {
          spec.commandLine()
              .getErr()
              .println(
                  "ballast: cannot send request "
                      + requests.get(i).getId()
                      + ": "
                      + e.getCause().getMessage());
          return 1;
        }
      }
    }
    out.flush();
    return 0;
  }

  private List<InferenceRequest> read() throws IOException {
    List<InferenceRequest> requests = new ArrayList<>();
    try (InputStream in = file == null ? System.in : Files.newInputStream(file)) {
      String source = file == null ? "standard input" : file.toString();
      JsonParser parser = JsonCodec.MAPPER.getFactory().createParser(in);
      try (MappingIterator<JsonNode> it = JsonCodec.MAPPER.readValues(parser, JsonNode.class)) {
        int n = 0;
        while (it.hasNextValue()) {
          JsonNode node = it.nextValue();
          List<JsonNode> items = new ArrayList<>();
          if (node.isArray()) {
            node.forEach(items::add);
          } else {
            items.add(node);
          }
          for (JsonNode item : items) {
            n++;
            try {
              requests.add(JsonCodec.request(item, route));
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(
                  source + ": request " + n + ": " + e.getMessage(), e);
            }
          }
        }
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            source + ": not valid JSON: " + e.getOriginalMessage(), e);
      }
    }
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("no requests in the input");
    }
    return requests;
  }
}
