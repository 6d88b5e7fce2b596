package dev.ballast.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilerThreadsTest {

  @TempDir Path dir;

  /** A {@code /proc/self/task} stand-in: one directory per thread with its comm and stat. */
  private Path tasks(Object... idNameNice) throws IOException {
    Path tasks = Files.createDirectories(dir.resolve("task"));
    for (int i = 0; i < idNameNice.length; i += 3) {
      Path t = Files.createDirectories(tasks.resolve(idNameNice[i].toString()));
      Files.writeString(t.resolve("comm"), idNameNice[i + 1] + "\n");
      writeNice(t, (String) idNameNice[i + 1], (Integer) idNameNice[i + 2]);
    }
    return tasks;
  }

  private static void writeNice(Path task, String name, int nice) throws IOException {
    Files.writeString(
        task.resolve("stat"),
        task.getFileName()
            + " ("
            + name
            + ") S 1 1 1 0 -1 4194368 0 0 0 0 0 0 0 0 "
            + (20 + nice)
            + " "
            + nice
            + " 1 0 100 0 0\n");
  }

  /** Records each call and sets the values as the kernel would. */
  private final class RecordingRenice implements CompilerThreads.Renice {
    final List<String> calls = new ArrayList<>();
    final Path tasks;

    RecordingRenice(Path tasks) {
      this.tasks = tasks;
    }

    @Override
    public String apply(int nice, List<Long> ids) {
      calls.add(nice + " " + ids);
      for (long id : ids) {
        Path t = tasks.resolve(Long.toString(id));
        try {
          writeNice(t, Files.readString(t.resolve("comm")).trim(), nice);
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      }
      return null;
    }
  }

  @Test
  void shouldRaiseOnlyTheCompilerThreadsEachFromItsOwnNiceValue() throws Exception {
    // given
    Path tasks =
        tasks(
            101,
            "java",
            0,
            102,
            "C2 CompilerThre",
            0,
            103,
            "C1 CompilerThre",
            3,
            104,
            "ballast-model-i",
            0,
            105,
            "JVMCI CompilerT",
            0);
    RecordingRenice renice = new RecordingRenice(tasks);

    // when
    CompilerThreads.Outcome outcome = CompilerThreads.lowerPriority(tasks, 10, renice);

    // then
    assertThat(renice.calls).containsExactly("10 [102, 105]", "13 [103]");
    assertThat(outcome.niceByThread())
        .containsExactly(Map.entry(102L, 10), Map.entry(103L, 13), Map.entry(105L, 10));
    assertThat(outcome.problem()).isNull();
    assertThat(CompilerThreads.nice(Files.readString(tasks.resolve("101/stat")))).isZero();
    assertThat(CompilerThreads.nice(Files.readString(tasks.resolve("104/stat")))).isZero();
  }

  @Test
  void shouldStopAtTheLowestPriorityLinuxHas() throws Exception {
    // given
    Path tasks = tasks(7, "C2 CompilerThre", 15);
    RecordingRenice renice = new RecordingRenice(tasks);

    // when
    CompilerThreads.Outcome outcome = CompilerThreads.lowerPriority(tasks, 10, renice);

    // then
    assertThat(renice.calls).containsExactly("19 [7]");
    assertThat(outcome.niceByThread()).containsExactly(Map.entry(7L, 19));
  }

  @Test
  void shouldSayWhyAndReportTheValuesUnchangedWhenReniceFails() throws Exception {
    // given
    Path tasks = tasks(7, "C2 CompilerThre", 0);

    // when
    CompilerThreads.Outcome outcome =
        CompilerThreads.lowerPriority(tasks, 10, (nice, ids) -> "renice exited with status 1");

    // then
    assertThat(outcome.problem()).isEqualTo("renice exited with status 1");
    assertThat(outcome.niceByThread()).containsExactly(Map.entry(7L, 0));
  }

  @Test
  void shouldDoNothingWithoutATaskDirectoryOrCompilerThreads() throws Exception {
    // given
    CompilerThreads.Renice never =
        (nice, ids) -> {
          throw new AssertionError("renice called");
        };

    // when
    CompilerThreads.Outcome noProc =
        CompilerThreads.lowerPriority(dir.resolve("missing"), 10, never);
    CompilerThreads.Outcome noCompilers =
        CompilerThreads.lowerPriority(tasks(1, "java", 0), 10, never);

    // then
    assertThat(noProc.problem()).contains("not Linux");
    assertThat(noProc.niceByThread()).isEmpty();
    assertThat(noCompilers.problem()).isEqualTo("no compiler threads found");
  }

  @Test
  void shouldReadTheNiceValueAfterANameWithSpacesAndParentheses() {
    // given: proc(5)'s stat line; the name is cut to 15 bytes and may hold ") ("
    String stat = "4242 (a) (b c) d) S 1 2 3 0 -1 4194368 5 0 0 0 7 8 0 0 25 5 23 0 100 0 0\n";

    // when / then
    assertThat(CompilerThreads.nice(stat)).isEqualTo(5);
  }

  @Test
  void shouldNameThePropertyWhenItsValueIsNotANiceIncrement() {
    String before = System.getProperty(CompilerThreads.NICE_PROPERTY);
    try {
      for (String bad : List.of("ten", "-1", "20", "1.5")) {
        System.setProperty(CompilerThreads.NICE_PROPERTY, bad);
        assertThatThrownBy(CompilerThreads::configuredIncrement)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(
                "-Dballast.jit.nice must be a whole number from 0 to 19, was '" + bad + "'");
      }
      System.setProperty(CompilerThreads.NICE_PROPERTY, " 10 ");
      assertThat(CompilerThreads.configuredIncrement()).isEqualTo(10);
      System.clearProperty(CompilerThreads.NICE_PROPERTY);
      assertThat(CompilerThreads.configuredIncrement()).isZero();
    } finally {
      if (before == null) {
        System.clearProperty(CompilerThreads.NICE_PROPERTY);
      } else {
        System.setProperty(CompilerThreads.NICE_PROPERTY, before);
      }
    }
  }

  @Test
  void shouldLowerARealJvmsCompilerThreadsWithRenice() throws Exception {
    // given: Linux with renice; a JVM of its own, as nobody can raise a priority again
    assumeThat(Path.of("/proc/self/task")).isDirectory();
    assumeThat(onPath("renice")).as("renice on the PATH").isTrue();
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));

    // when
    Process p =
        new ProcessBuilder(javaBin, "-cp", classpath, CompilerThreadsChild.class.getName(), "7")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    // then: each compiler thread is 7 lower than before (at most 19), no other thread moved
    assertThat(p.exitValue()).as(out).isZero();
    List<String> lines = out.lines().toList();
    assertThat(lines).as(out).anyMatch(l -> l.startsWith("compiler "));
    for (String line : lines) {
      String[] f = line.split(" ");
      int before = Integer.parseInt(f[2]);
      int after = Integer.parseInt(f[3]);
      int expected = f[0].equals("compiler") ? Math.min(19, before + 7) : before;
      assertThat(after).as(line).isEqualTo(expected);
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }
}
