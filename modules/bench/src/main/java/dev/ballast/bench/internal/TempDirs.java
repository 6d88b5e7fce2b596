package dev.ballast.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The scenarios' temporary directories. Stateless; thread-safe. */
final class TempDirs {

  private TempDirs() {}

  /** Deletes {@code dir} and everything below it, best effort: a file that stays is left. */
  static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp directory
    }
  }
}
