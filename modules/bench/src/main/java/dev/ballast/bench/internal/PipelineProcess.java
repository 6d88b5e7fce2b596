package dev.ballast.bench.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Ballast as users run it: {@code ./ballast run --config FILE} in a process of its own (the
 * launcher's JVM options included), started from the project directory {@code ballast.home}.
 * Measures the time from spawning the launcher to {@code /health/ready} answering 200 (both Kafka
 * Streams apps {@code RUNNING}) and reads the process's CPU time. Closing it sends SIGTERM and
 * waits for the pipeline to stop. Used by the runner's thread only.
 */
final class PipelineProcess implements AutoCloseable {

  private final Process process;
  private final long startupNanos;
  private final long readyAtNanos;
  private final int metricsPort;

  private PipelineProcess(Process process, long startupNanos, int metricsPort) {
    this.process = process;
    this.startupNanos = startupNanos;
    this.readyAtNanos = System.nanoTime();
    this.metricsPort = metricsPort;
  }

  /**
   * Starts the pipeline of {@code config} and waits until it is ready.
   *
   * @param logDir where the launcher's console output goes ({@code bench-pipeline.out})
   * @param javaOpts extra JVM options ({@code BALLAST_JAVA_OPTS}), empty for none
   */
  static PipelineProcess start(Path config, Path logDir, String javaOpts, Duration bound) {
    Path home = Path.of(System.getProperty("ballast.home", "."));
    Path launcher = home.resolve("ballast");
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException(
          "no launcher at " + launcher + "; run the bench with ./ballast bench");
    }
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(launcher.toString());
    command.addAll(
        List.of("run", "--config", config.toString(), "--metrics-port", Integer.toString(port)));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(logDir.resolve("bench-pipeline.out").toFile()));
    pb.environment().put("BALLAST_JAVA_OPTS", javaOpts);
    pb.environment().put("BALLAST_SKIP_BUILD", "1");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long t0 = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + command, e);
    }
    long deadline = t0 + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "the pipeline exited with status "
                + p.exitValue()
                + "; see "
                + logDir.resolve("bench-pipeline.out"));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return new PipelineProcess(p, System.nanoTime() - t0, port);
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      Waits.sleep(10);
    }
    p.destroyForcibly();
    throw new IllegalStateException("the pipeline was not ready within " + bound);
  }

  /**
   * Runs {@code ./ballast help}, which builds the command line first when its sources changed, so
   * that no build is timed as start-up.
   */
  static void build(Path logDir) {
    Path home = Path.of(System.getProperty("ballast.home", "."));
    try {
      Process p =
          new ProcessBuilder(home.resolve("ballast").toString(), "help")
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(logDir.resolve("bench-pipeline.out").toFile()))
              .start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("./ballast help failed; see bench-pipeline.out");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run ./ballast help", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Spawning the launcher to {@code /health/ready} answering 200, in milliseconds. */
  long startupMillis() {
    return TimeUnit.NANOSECONDS.toMillis(startupNanos);
  }

  /** Milliseconds since {@code /health/ready} first answered 200. */
  long millisSinceReady() {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - readyAtNanos);
  }

  /** The port of the pipeline's {@code /metrics} and {@code /health} endpoints (127.0.0.1). */
  int metricsPort() {
    return metricsPort;
  }

  /** Whether the pipeline process is running. */
  boolean alive() {
    return process.isAlive();
  }

  /** Ends the pipeline process with SIGKILL (no shutdown hook runs) and waits until it is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The pipeline JVM's process id (the launcher {@code exec}s it). */
  long pid() {
    return process.pid();
  }

  /** A meter of the pipeline process's CPU time. */
  ProcessCpu cpu() {
    return new ProcessCpu(
        () -> cpuNanos(process.toHandle().info().totalCpuDuration()),
        System::nanoTime,
        () -> ThreadGroupsCpu.read(process.pid()),
        () -> ThreadGroupsCpu.javaNames(jcmd("Thread.print")));
  }

  private static long cpuNanos(Optional<Duration> d) {
    return d.map(Duration::toNanos).orElse(-1L);
  }

  /**
   * Runs {@code jcmd <pid> <args>} (for example {@code JFR.start name=x filename=f.jfr}); failures
   * are returned as text, not thrown: profiling is optional.
   */
  String jcmd(String... args) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> command = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid())));
    command.addAll(List.of(args));
    try {
      Process j = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(j.getInputStream().readAllBytes()).trim();
      j.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return "jcmd failed: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port", e);
    }
  }
}
