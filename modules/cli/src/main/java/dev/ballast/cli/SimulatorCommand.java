package dev.ballast.cli;

import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import java.nio.file.Path;
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
      defaultValue = "8089",
      description = "Port of the first region (default ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

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
    Scenario s = scenario == null ? Scenario.defaults() : Scenario.load(scenario);
    Simulator sim = Simulator.builder().scenario(s.withPrimaryPort(port)).bindAddress(bind).build();
    sim.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sim.close();
                  stopped.countDown();
                },
                "simulator-shutdown"));
    for (String region : sim.regions()) {
      System.out.println(region + " " + sim.uri(region));
    }
    System.out.flush();
    stopped.await();
    return 0;
  }
}
