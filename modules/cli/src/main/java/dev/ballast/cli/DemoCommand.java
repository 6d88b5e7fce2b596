package dev.ballast.cli;

import dev.ballast.cli.internal.Demo;
import dev.ballast.cli.internal.DemoOptions;
import java.nio.file.Path;
import java.time.Duration;
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
  public Integer call() {
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
    return new Demo(options, spec.commandLine().getOut()).run();
  }
}
