package dev.ballast.cli;

import dev.ballast.cli.internal.CompilerThreads;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.MetricsServer;
import dev.ballast.pipeline.Pipeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballast run}: the pipeline against an external Kafka and real model endpoints. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the pipeline against the Kafka cluster and model endpoints of a configuration file,"
          + " until stopped (SIGTERM or Ctrl-C). Start more instances with the same"
          + " application.id to share the work.",
      "A bad configuration exits with status 2 and a message naming the key."
    })
public final class RunCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, description = "Configuration file (YAML).")
  Path config;

  @Option(
      names = "--check",
      description = "Validate the configuration, print the effective settings and exit.")
  boolean check;

  @Option(
      names = "--metrics-port",
      description =
          "Port of /metrics, /health/live and /health/ready (overrides metrics.port; 0 = any free"
              + " port, -1 = none).")
  Integer metricsPort;

  @Override
  public Integer call() throws InterruptedException {
    BallastConfig cfg = BallastConfig.load(config);
    if (check) {
      PrintWriter out = spec.commandLine().getOut();
      cfg.describe().forEach((k, v) -> out.println(k + " = " + v));
      out.flush();
      return 0;
    }
    lowerCompilerPriority();
    CountDownLatch stopped = new CountDownLatch(1);
    Pipeline pipeline = Pipeline.start(cfg);
    int port = metricsPort != null ? metricsPort : cfg.intValue(ConfigKeys.METRICS_PORT);
    MetricsServer server;
    try {
      server =
          port < 0
              ? null
              : MetricsServer.start(pipeline, cfg.string(ConfigKeys.METRICS_BIND_ADDRESS), port);
    } catch (RuntimeException e) {
      pipeline.close();
      throw e;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping the pipeline");
                  if (server != null) {
                    server.close();
                  }
                  pipeline.close();
                  stopped.countDown();
                },
                "ballast-shutdown"));
    pipeline.awaitRunning(Duration.ofMinutes(5));
    log.info("Ballast pipeline running; routes {}", cfg.routes().keySet());
    stopped.await();
    return 0;
  }

  /**
   * Runs the JIT compilers below the request threads when {@code -Dballast.jit.nice} asks for it
   * (the launcher's {@code run} defaults), on a thread of its own while the pipeline starts.
   */
  private static void lowerCompilerPriority() {
    int increment;
    try {
      increment = CompilerThreads.configuredIncrement();
    } catch (IllegalArgumentException e) {
      log.warn("{}; the JIT compiler threads keep their priority", e.getMessage());
      return;
    }
    if (increment == 0) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              CompilerThreads.Outcome o = CompilerThreads.lowerPriority(increment);
              if (o.problem() == null) {
                log.info("JIT compiler threads at nice {}", o.niceByThread().values());
              } else {
                log.info(
                    "JIT compiler threads keep their priority ({}); nice values now {}",
                    o.problem(),
                    o.niceByThread().values());
              }
            },
            "ballast-jit-priority");
    t.setDaemon(true);
    t.start();
  }
}
