package dev.ballast.cli;

import dev.ballast.simulator.Simulator;
import dev.ballast.simulator.SimulatorMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballast simulator}: the Bedrock-compatible simulator as a standalone server. */
@Command(
    name = "simulator",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Bedrock-compatible (and OpenAI-compatible) fault-injecting model simulator on"
          + " 127.0.0.1 until stopped. See docs/simulator-scenarios.md for the scenario format and"
          + " the admin API under /_sim/."
    })
public final class SimulatorCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      description =
          "Port of the first region (default: the scenario's, else 8787; 0 = any free port).")
  Integer port;

  @Option(names = "--scenario", description = "Scenario file (YAML).")
  Path scenario;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 only inside a container network).")
  String bind;

  @Override
  public Integer call() throws InterruptedException {
    List<String> args = new ArrayList<>(List.of("--bind", bind));
    if (port != null) {
      args.addAll(List.of("--port", port.toString()));
    }
    if (scenario != null) {
      args.addAll(List.of("--scenario", scenario.toString()));
    }
    Simulator sim = SimulatorMain.fromArgs(args.toArray(new String[0]), System.out);
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sim.close();
                  stopped.countDown();
                },
                "simulator-shutdown"));
    stopped.await();
    return 0;
  }
}
