package dev.ballast.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs this JVM's JIT compiler threads at a lower CPU priority than the threads that serve requests
 * (Linux only).
 *
 * <p>In the first seconds after a start the JIT compilers take about half a core while the first
 * requests run through cold code; on a busy machine the two compete, and requests queue behind
 * compilations (modules/bench/results/2026-12-03/NOTES.md). With the compilers' nice value raised,
 * the kernel runs the request threads first and compilation takes the CPU they leave; on a machine
 * with CPU to spare nothing changes. Without privileges a thread's nice value can only be raised,
 * so this holds for the life of the process.
 *
 * <p>How: compiler threads are found by name under {@code /proc/self/task} ({@code C1
 * CompilerThre}, {@code C2 CompilerThre}, {@code JVMCI CompilerT}: HotSpot's names, which Linux
 * cuts to 15 bytes), and each gets its current nice value plus the increment, at most 19, with
 * {@code renice} (util-linux or BusyBox), which sets a single thread's priority when given its
 * thread id. The JVM starts further compiler threads when its queues grow unless run with {@code
 * -XX:-UseDynamicNumberOfCompilerThreads} (the launcher's {@code run} defaults): threads started
 * after this call keep the process's priority.
 *
 * <p>Stateless and thread-safe.
 */
public final class CompilerThreads {

  /** System property with the nice increment of the compiler threads; unset or 0: unchanged. */
  public static final String NICE_PROPERTY = "ballast.jit.nice";

  /** The highest nice value Linux allows: the lowest priority. */
  static final int LOWEST = 19;

  /** Sets {@code nice} on the threads {@code ids}; returns null, or why it could not. */
  @FunctionalInterface
  interface Renice {
    String apply(int nice, List<Long> ids);
  }

  /**
   * What {@link #lowerPriority} did.
   *
   * @param niceByThread the nice value each compiler thread has afterwards, by thread id in
   *     ascending order (unmodifiable); empty when none was found
   * @param problem why some or all were not changed, or null when all were
   */
  public record Outcome(Map<Long, Integer> niceByThread, String problem) {
    public Outcome {
      niceByThread = Collections.unmodifiableMap(new TreeMap<>(niceByThread));
    }
  }

  private CompilerThreads() {}

  /**
   * Reads {@link #NICE_PROPERTY}; 0 when unset or blank.
   *
   * @throws IllegalArgumentException when it is not a whole number from 0 to 19, naming the value
   */
  public static int configuredIncrement() {
    String value = System.getProperty(NICE_PROPERTY, "").trim();
    if (value.isEmpty()) {
      return 0;
    }
    try {
      int increment = Integer.parseInt(value);
      if (increment >= 0 && increment <= LOWEST) {
        return increment;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "-D" + NICE_PROPERTY + " must be a whole number from 0 to 19, was '" + value + "'");
  }

  /**
   * Raises the nice value of this JVM's compiler threads by {@code increment} (0 to 19); runs
   * {@code renice} once per distinct target value and waits for it (at most 10 s each).
   *
   * @throws IllegalArgumentException when {@code increment} is not 0 to 19
   */
  public static Outcome lowerPriority(int increment) {
    return lowerPriority(Path.of("/proc/self/task"), increment, CompilerThreads::renice);
  }

  static Outcome lowerPriority(Path tasks, int increment, Renice renice) {
    if (increment < 0 || increment > LOWEST) {
      throw new IllegalArgumentException("increment must be 0 to 19, was " + increment);
    }
    if (!Files.isDirectory(tasks)) {
      return new Outcome(Map.of(), "no " + tasks + " (not Linux)");
    }
    Map<Long, Integer> before = compilerThreads(tasks);
    if (before.isEmpty() || increment == 0) {
      return new Outcome(before, before.isEmpty() ? "no compiler threads found" : null);
    }
    Map<Integer, List<Long>> byTarget = new TreeMap<>();
    before.forEach(
        (id, nice) ->
            byTarget
                .computeIfAbsent(Math.min(LOWEST, nice + increment), n -> new ArrayList<>())
                .add(id));
    List<String> problems = new ArrayList<>();
    byTarget.forEach(
        (nice, ids) -> {
          String problem = renice.apply(nice, ids);
          if (problem != null) {
            problems.add(problem);
          }
        });
    Map<Long, Integer> after = compilerThreads(tasks);
    return new Outcome(after, problems.isEmpty() ? null : String.join("; ", problems));
  }

  /** The compiler threads under {@code tasks} and their nice values, by thread id. */
  static Map<Long, Integer> compilerThreads(Path tasks) {
    Map<Long, Integer> found = new TreeMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
      for (Path dir : dirs) {
        try {
          String name = Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).trim();
          if (name.contains(" CompilerT")) {
            found.put(
                Long.parseLong(dir.getFileName().toString()),
                nice(Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8)));
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended between the listing and the read, or is not a task directory
        }
      }
    } catch (IOException e) {
      // the task directory cannot be listed: no threads found
    }
    return found;
  }

  /**
   * The nice value in a {@code /proc/<pid>/task/<tid>/stat} line: its 19th field, counted after the
   * name in parentheses, which may itself hold spaces and parentheses (proc(5)).
   */
  static int nice(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // fields[0] is the 3rd field (state); the nice value is the 19th
    return Integer.parseInt(fields[19 - 3]);
  }

  private static String renice(int nice, List<Long> ids) {
    List<String> command = new ArrayList<>(List.of("renice", Integer.toString(nice), "-p"));
    ids.forEach(id -> command.add(Long.toString(id)));
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "renice did not finish within 10 s";
      }
      return p.exitValue() == 0 ? null : "renice exited with status " + p.exitValue();
    } catch (IOException e) {
      return "cannot run renice: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
