package dev.ballast.cli;

import dev.ballast.cli.backfill.BackfillJob;
import dev.ballast.cli.backfill.BackfillOptions;
import dev.ballast.cli.internal.Demo;
import dev.ballast.cli.internal.DemoOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ballast demo}: the whole pipeline on embedded defaults, under a synthetic workload. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Ballast end to end in this process: an embedded Kafka broker, the Bedrock-compatible"
          + " simulator and the pipeline, under a synthetic workload. Shows live progress, waits"
          + " for every result and prints a summary.",
      "Exits 0 only if every request got exactly one result."
    })
public final class DemoCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--count",
      defaultValue = "1000",
      description = "Requests to send (default ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--rate",
      description =
          "Requests per second to send (default 100; with a --scenario that has outages, the"
              + " requests are spread over the scenario's timeline: its last outage's end plus 15 s).")
  Double rate;

  @Option(
      names = "--scenario",
      description =
          "Simulator scenario file (YAML); its regions become the route's chain, first = primary.")
  Path scenario;

  @Option(names = "--summary-json", description = "Also write the summary as JSON to this file.")
  Path summaryJson;

  @Option(
      names = "--results-out",
      description = "Also write every result as a JSON line to this file.")
  Path resultsOut;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions of the demo topics (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--timeout",
      defaultValue = "600",
      description = "Seconds to wait for all results before giving up (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(
      names = "--backfill",
      paramLabel = "FILE",
      description =
          "Instead of the synthetic workload, run this batch file (Bedrock batch inference or"
              + " OpenAI Batch API JSONL) as 'ballast backfill' does, on the demo's pipeline."
              + " OpenAI models gpt-4o-mini and gpt-4o map to the demo's routes default and chat;"
              + " others are bad lines. Outputs go next to the file, or to --output.")
  Path backfill;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "With --backfill: directory of the outputs (default: the file's).")
  Path output;

  /** The demo's OpenAI model names and the routes that serve them. */
  static final Map<String, String> DEMO_MODEL_ROUTES =
      Map.of("gpt-4o-mini", "default", "gpt-4o", "chat");

  @Option(
      names = "--metrics-port",
      defaultValue = "0",
      description =
          "Port of /metrics and the health endpoints while the demo runs (default any free port,"
              + " printed; -1 = none).")
  int metricsPort;

  @Option(
      names = "--report",
      defaultValue = "report.html",
      description = "Where to write the HTML report (default ${DEFAULT-VALUE}).")
  Path report;

  @Override
  public Integer call() throws Exception {
    if (count < 1) {
      throw new IllegalArgumentException("--count must be at least 1, was " + count);
    }
    if (rate != null && rate <= 0) {
      throw new IllegalArgumentException("--rate must be positive, was " + rate);
    }
    DemoOptions options =
        new DemoOptions(
            count,
            rate == null ? 0 : rate,
            scenario,
            summaryJson,
            resultsOut,
            partitions,
            Duration.ofSeconds(timeoutSeconds),
            metricsPort,
            report);
    PrintWriter out = spec.commandLine().getOut();
    if (backfill != null) {
      BackfillOptions job =
          BackfillCommand.options(
              backfill,
              null,
              output,
              null,
              null,
              Demo.MODEL,
              DEMO_MODEL_ROUTES,
              1000,
              timeoutSeconds);
      out.printf("Ballast demo: backfill of %s%n", backfill);
      return new Demo(options, out)
          .run(
              (broker, simulator, pipeline, topics) ->
                  new BackfillJob(
                              job,
                              broker.bootstrapServers(),
                              topics,
                              Map.of(),
                              out,
                              System.console() != null)
                          .run()
                          .complete()
                      ? 0
                      : 1);
    }
    return new Demo(options, out).run();
  }
}
