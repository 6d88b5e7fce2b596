package dev.ballast.cli;

import dev.ballast.client.BallastClient;
import dev.ballast.client.JsonCodec;
import dev.ballast.schemas.InferenceResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ballast results}: results as JSON lines. */
@Command(
    name = "results",
    mixinStandardHelpOptions = true,
    description = {
      "Prints results from the result topic as JSON lines (committed results only).",
      "With --wait-for or --ids-file, prints the results of those ids and exits 0 once all have"
          + " arrived, or 1 naming the missing ids when --timeout passes. Otherwise follows new"
          + " results until stopped or --max is reached."
    })
public final class ResultsCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin KafkaOptions kafka;

  @Option(
      names = "--wait-for",
      split = ",",
      description = "Request ids to wait for (comma-separated).")
  List<String> waitFor;

  @Option(
      names = "--ids-file",
      description = "File with request ids to wait for, one per line (as printed by submit).")
  Path idsFile;

  @Option(
      names = "--from-beginning",
      description = "Read from the earliest result (implied by --wait-for and --ids-file).")
  boolean fromBeginning;

  @Option(
      names = "--timeout",
      defaultValue = "300",
      description = "Seconds to wait for the given ids (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(
      names = "--max",
      defaultValue = "0",
      description = "Stop after this many results (0: no limit).")
  long max;

  @Override
  public Integer call() throws IOException {
    Set<String> pending = new LinkedHashSet<>();
    if (waitFor != null) {
      waitFor.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(pending::add);
    }
    if (idsFile != null) {
      Files.readAllLines(idsFile).stream()
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .forEach(pending::add);
    }
    boolean waiting = !pending.isEmpty();
    PrintWriter out = spec.commandLine().getOut();
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    long printed = 0;
    try (BallastClient client =
            BallastClient.create(kafka.bootstrapServers(), kafka.topics(), kafka.settings());
        BallastClient.Results results = client.results(waiting || fromBeginning)) {
      while (true) {
        for (InferenceResult r : results.poll(Duration.ofMillis(200))) {
          if (waiting && !pending.remove(r.getId())) {
            continue;
          }
          out.println(JsonCodec.result(r).toString());
          printed++;
        }
        out.flush();
        if (waiting && pending.isEmpty()) {
          return 0;
        }
        if (max > 0 && printed >= max) {
          return 0;
        }
        if (waiting && System.nanoTime() > deadline) {
          spec.commandLine()
              .getErr()
              .println(
                  "ballast: no result within "
                      + timeoutSeconds
                      + " s for "
                      + pending.size()
                      + " ids: "
                      + pending);
          return 1;
        }
      }
    }
  }
}
