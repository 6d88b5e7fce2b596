package dev.ballast.bench.internal;

import dev.ballast.client.BallastClient;
import dev.ballast.pipeline.BallastConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A fresh pipeline process of the cost scenario measuring 200 req/s again ({@link
 * CostBench#REPEATS_AT_200}). Stateless.
 */
final class CostRepeat {

  private CostRepeat() {}

  /**
   * CPU at 200 req/s, percent of one core, of a fresh pipeline process on config {@code config},
   * measured as in the main process: after a warm-up at 1,000 req/s and settling.
   */
  static double at200(
      Path config,
      BrokerProcess broker,
      Path logDir,
      String javaOpts,
      int warmupSeconds,
      int seconds,
      PrintStream out)
      throws Exception {
    try (PipelineProcess p =
            PipelineProcess.start(config, logDir, javaOpts, Duration.ofMinutes(2));
        BallastClient client =
            BallastClient.create(broker.bootstrapServers(), BallastConfig.load(config).topics());
        ResultTracker tracker = new ResultTracker(client, null, id -> false, null).start()) {
      CostLoad load = new CostLoad(client, tracker);
      load.paced(1000, warmupSeconds, null);
      load.drain();
      int slice = Math.max(2, seconds / 4);
      CostLoad.settle(slice, () -> load.paced(200, slice, p.cpu()).window());
      CostLoad.Phase ph = load.paced(200, seconds, p.cpu());
      load.drain();
      out.printf(
          "   200 req/s in fresh process %d: %.3f ms CPU/request, %.1f%% of one core %s%n",
          p.pid(),
          ph.window().msPerRequest(ph.completed()),
          ph.window().pctOfOneCore(),
          ph.window().pctByKind());
      return ph.window().pctOfOneCore();
    }
  }
}
