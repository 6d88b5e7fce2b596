package dev.ballast.cli.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * For {@link CompilerThreadsTest}: lowers its own compiler threads by {@code args[0]} and prints
 * one line per thread, {@code compiler|other <id> <nice before> <nice after>}; exits 1 on a
 * problem.
 */
final class CompilerThreadsChild {
  private CompilerThreadsChild() {}

  public static void main(String[] args) throws IOException {
    Path tasks = Path.of("/proc/self/task");
    Map<Long, Integer> before = all(tasks);
    CompilerThreads.Outcome outcome = CompilerThreads.lowerPriority(Integer.parseInt(args[0]));
    Map<Long, Integer> after = all(tasks);
    before.forEach(
        (id, nice) -> {
          if (after.containsKey(id)) {
            String kind = outcome.niceByThread().containsKey(id) ? "compiler" : "other";
            System.out.println(kind + " " + id + " " + nice + " " + after.get(id));
          }
        });
    if (outcome.problem() != null) {
      System.out.println("problem: " + outcome.problem());
      System.exit(1);
    }
  }

  private static Map<Long, Integer> all(Path tasks) throws IOException {
    Map<Long, Integer> nice = new TreeMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
      for (Path d : dirs) {
        try {
          nice.put(
              Long.parseLong(d.getFileName().toString()),
              CompilerThreads.nice(Files.readString(d.resolve("stat"))));
        } catch (IOException e) {
          // the thread ended
        }
      }
    }
    return nice;
  }
}
