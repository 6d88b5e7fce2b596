package dev.ballast.bench.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded KRaft broker in a JVM of its own ({@link BrokerMain}, this process's class path,
 * {@code -Xmx512m}), as users run a broker: its CPU is not Ballast's. Closing it closes the
 * broker's standard input, which stops it. Used by the runner's thread only.
 */
final class BrokerProcess implements AutoCloseable {

  private final Process process;
  private final String bootstrapServers;

  private BrokerProcess(Process process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts the broker and waits until it announces its address; its logs go to {@code logDir}. */
  static BrokerProcess start(Path logDir) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        List.of(
            java.toString(),
            "-Xmx512m",
            "-Dballast.log.dir=" + logDir.resolve("bench-broker"),
            "-cp",
            System.getProperty("java.class.path"),
            BrokerMain.class.getName());
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectError(logDir.resolve("bench-broker.err").toFile())
              .start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(BrokerMain.READY_PREFIX)) {
          return new BrokerProcess(p, line.substring(BrokerMain.READY_PREFIX.length()).trim());
        }
      }
      p.destroyForcibly();
      throw new IllegalStateException(
          "the broker process exited before it was ready; see " + logDir.resolve("bench-broker"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the broker process", e);
    }
  }

  /** The broker's {@code bootstrap.servers}. */
  String bootstrapServers() {
    return bootstrapServers;
  }

  /** The broker process's id. */
  long pid() {
    return process.pid();
  }

  /**
   * The broker JVM's accumulated CPU time (user + system, all threads), nanoseconds, in Linux's 10
   * ms clock ticks; -1 when the platform does not tell.
   */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
