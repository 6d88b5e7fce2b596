package dev.ballast.simulator;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a simulator until the process is killed: {@code --scenario FILE}, {@code --port N} (the
 * primary region's port), {@code --bind ADDRESS}, {@code --help}. Prints each region's URL.
 */
public final class SimulatorMain {

  static final String USAGE =
      """
      Usage: ballast simulator [--scenario FILE] [--port N] [--bind ADDRESS]

      Runs a Bedrock- and OpenAI-compatible, fault-injecting model server until killed.

        --scenario FILE   scenario YAML (see docs/simulator-scenarios.md); default: one
                          healthy region us-east-1
        --port N          port of the first (primary) region; default: the scenario's, else 8787
        --bind ADDRESS    address to listen on; default 127.0.0.1
        --help            print this help

      Endpoints on every region's port:
        POST /model/{modelId}/converse        Bedrock Converse
        POST /model/{modelId}/count-tokens    Bedrock CountTokens
        POST /v1/chat/completions             OpenAI chat completions
        GET  /_sim/stats | /_sim/health, POST /_sim/faults, DELETE /_sim/faults,
        PUT  /_sim/scenario, POST /_sim/reset-stats
      """;

  /** The primary port when neither the scenario nor {@code --port} gives one. */
  static final int DEFAULT_PORT = 8787;

  private SimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    Simulator simulator;
    try {
      simulator = fromArgs(args, System.out);
    } catch (IllegalArgumentException | ScenarioException | UncheckedIOException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println();
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (simulator == null) {
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  simulator.close();
                  stopped.countDown();
                },
                "ballast-sim-shutdown"));
    stopped.await();
  }

  /**
   * Parses the arguments and starts a simulator, printing its URLs; null after {@code --help}. The
   * one place that decides how a standalone simulator starts; {@code ballast simulator} calls it.
   *
   * @throws IllegalArgumentException for bad arguments
   */
  public static Simulator fromArgs(String[] args, PrintStream out) {
    Scenario scenario = null;
    Integer port = null;
    String bind = "127.0.0.1";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          out.print(USAGE);
          return null;
        }
        case "--scenario" -> scenario = Scenarios.load(Path.of(value(args, ++i, "--scenario")));
        case "--port" -> port = port(value(args, ++i, "--port"));
        case "--bind" -> bind = value(args, ++i, "--bind");
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
    }
    if (scenario == null) {
      scenario = Scenario.defaults().withPrimaryPort(DEFAULT_PORT);
    }
    if (port != null) {
      scenario = scenario.withPrimaryPort(port);
    }
    Simulator simulator = Simulator.builder().scenario(scenario).bindAddress(bind).build().start();
    out.println("Ballast simulator running (seed " + scenario.seed() + ")");
    for (String region : simulator.regions()) {
      out.printf("  %-16s %s%n", region, simulator.uri(region));
    }
    out.println("Admin: " + simulator.uri() + "/_sim/stats");
    out.flush();
    return simulator;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("--port must be in 0..65535, was " + text);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port expects a number, was '" + text + "'", e);
    }
  }
}
