package dev.ballast.cli;

import dev.ballast.pipeline.DeadLetters;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ballast redrive}: dead letters back to the request topic. */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    description = {
      "Sends dead letters back to the request topic they came from, with their original key and"
          + " bytes, so they are served again. Filter by reason code and by when they were"
          + " dead-lettered. Progress is remembered per --group: a second run sends only newer"
          + " dead letters unless --from-beginning is given."
    })
public final class RedriveCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Mixin KafkaOptions kafka;

  @Option(
      names = "--reason",
      split = ",",
      description =
          "Reason codes to re-drive, e.g. ACCESS_DENIED,ALL_ENDPOINTS_FAILED (default: all).")
  List<String> reasons;

  @Option(
      names = "--since",
      description = "Only dead letters from this instant on (ISO-8601, e.g. 2026-11-26T10:00:00Z).")
  String since;

  @Option(names = "--until", description = "Only dead letters before this instant (ISO-8601).")
  String until;

  @Option(
      names = "--group",
      defaultValue = "ballast-redrive",
      description = "Consumer group that remembers progress (default ${DEFAULT-VALUE}).")
  String group;

  @Option(
      names = "--from-beginning",
      description = "Scan the whole dlq, ignoring remembered progress.")
  boolean fromBeginning;

  @Option(names = "--dry-run", description = "Count what would be re-driven; send nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    DeadLetters.Filter filter =
        new DeadLetters.Filter(
            reasons == null ? Set.of() : Set.copyOf(reasons),
            instant(since, "--since"),
            instant(until, "--until"));
    DeadLetters.Report report =
        DeadLetters.redrive(
            kafka.bootstrapServers(),
            kafka.topics(),
            filter,
            group,
            fromBeginning,
            dryRun,
            kafka.settings());
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "%s %d of %d dead letters%s%n",
        dryRun ? "would re-drive" : "re-drove",
        report.redriven(),
        report.scanned(),
        report.byReason().isEmpty() ? "" : " " + report.byReason());
    out.flush();
    return 0;
  }

  private static Instant instant(String value, String option) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option
              + " must be an ISO-8601 instant such as 2026-11-26T10:00:00Z, was '"
              + value
              + "'");
    }
  }
}
