package dev.ballast.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code ballast ARGS} in its own JVM on the test class path, output appended to a log file. */
final class ChildJvm {
  private final List<String> args;
  private final Map<String, String> env;
  private final Path log;
  private Process process;
  private int starts;

  ChildJvm(List<String> args, Map<String, String> env, Path log) {
    this.args = args;
    this.env = env;
    this.log = log;
  }

  void start() throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    starts++;
    Files.writeString(
        log,
        "=== start " + starts + " ===\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    List<String> command = new ArrayList<>(List.of(javaBin, "-Xmx256m", "-cp", classpath));
    command.add("dev.ballast.cli.BallastCli");
    command.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    process = pb.start();
  }

  /** SIGKILL, and wait until the process is gone. */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM, and wait for a clean exit. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the child process did not stop within 60 s of SIGTERM");
    }
  }

  /** Whether the output of the latest start contains {@code text}. */
  boolean logContains(String text) {
    try {
      String all = Files.readString(log);
      int lastStart = all.lastIndexOf("=== start ");
      return all.indexOf(text, Math.max(0, lastStart)) >= 0;
    } catch (IOException e) {
      return false;
    }
  }

  String describe() {
    return "child process "
        + (process == null ? "not started" : process.isAlive() ? "alive" : "exited")
        + ", start "
        + starts;
  }

  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }
}
