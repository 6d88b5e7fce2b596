package dev.ballast.cli;

import dev.ballast.pipeline.ConfigException;
import dev.ballast.simulator.ScenarioException;
import java.io.PrintWriter;
import java.util.Set;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ballast} command. */
@Command(
    name = "ballast",
    mixinStandardHelpOptions = true,
    version = "ballast 0.1.0",
    description =
        "Resilient, asynchronous inference pipeline for foundation models on Kafka.%n"
            + "Clients produce requests to a topic and read exactly one result per request.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      SubmitCommand.class,
      ResultsCommand.class,
      SimulatorCommand.class,
      RedriveCommand.class,
      SqsBridgeCommand.class,
      BackfillCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BallastCli implements Runnable {

  /** Exit status of a bad configuration, flag or input file. */
  public static final int USAGE = 2;

  /** Commands that are servers: their logs belong on the terminal. */
  private static final Set<String> SERVERS = Set.of("run", "simulator", "sqs-bridge");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (System.getProperty("ballast.console.level") == null) {
      String command = args.length > 0 ? args[0] : "";
      System.setProperty("ballast.console.level", SERVERS.contains(command) ? "INFO" : "OFF");
    }
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit status; for tests and embedding. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new BallastCli());
    cli.getSubcommands()
        .get("sqs-bridge")
        .getCommandSpec()
        .usageMessage()
        .footer(SqsBridgeCommand.keysHelp());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof ConfigException || e instanceof ScenarioException) {
            err.println("ballast: configuration error: " + e.getMessage());
            err.flush();
            return USAGE;
          }
          if (e instanceof IllegalArgumentException) {
            err.println("ballast: " + e.getMessage());
            err.flush();
            return USAGE;
          }
          err.println("ballast: " + e);
          err.println("See the log file for details.");
          err.flush();
          LoggerFactory.getLogger(BallastCli.class).error("Command failed", e);
          return 1;
        });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
