package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./ballast} launcher's choice of JVM and JVM options, run against a stand-in {@code
 * java} that records its arguments: the JDK named by {@code JAVA_HOME} (else the one on the PATH),
 * its feature release read from its {@code release} file (else from {@code java -version}), the
 * options that keep JDK 24 and later quiet about Netty's and RocksDB's needs, and the defaults of
 * {@code run}: its class-data sharing archive, no hsperfdata counters and the JIT compilers' lower
 * priority.
 */
class LauncherTest {

  @TempDir Path dir;

  /** A copy of the launcher in a project of its own, so its caches land in this test's folder. */
  private Path root() throws IOException {
    Path root = dir.resolve("ballast-home");
    Files.createDirectories(root.resolve("modules/cli/target/lib"));
    Files.copy(Path.of("../../ballast"), root.resolve("ballast"));
    Path jar = Files.writeString(root.resolve("modules/cli/target/ballast-cli.jar"), "jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(3600)));
    return root;
  }

  /** A JDK home whose {@code bin/java} writes its arguments, one per line, to {@code args}. */
  private Path jdk(String name, String releaseFileVersion, String versionOutput)
      throws IOException {
    Path home = dir.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    if (releaseFileVersion != null) {
      Files.writeString(
          home.resolve("release"),
          "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + releaseFileVersion + "\"\n");
    }
    Path java = home.resolve("bin/java");
    Files.writeString(
        java,
        "#!/bin/sh\n"
            + "if [ \"$1\" = \"-version\" ]; then echo '"
            + versionOutput
            + "' >&2; exit 0; fi\n"
            + "printf '%s\\n' \"$@\" > \""
            + dir.resolve("args")
            + "\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  /** Runs the launcher and returns the arguments its JVM was given. */
  private List<String> launch(Path root, Map<String, String> env, String... args) throws Exception {
    Files.deleteIfExists(dir.resolve("args"));
    List<String> command = new java.util.ArrayList<>(List.of(root.resolve("ballast").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("BALLAST_JAVA_OPTS");
    pb.environment().remove("BALLAST_RUN_DEFAULTS");
    pb.environment().put("BALLAST_SKIP_BUILD", "1");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return Files.readAllLines(dir.resolve("args"));
  }

  @Test
  void shouldWriteThenMapAnArchiveOfJavaHomesVersionQuietOnJdk25() throws Exception {
    // given
    Path root = root();
    Path jdk = jdk("jdk25", "25.0.3", "unused");
    Path archive = root.resolve("modules/cli/target/ballast-run-jdk25.0.3.jsa");
    Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());

    // when: the first run after a build
    List<String> first = launch(root, env, "run", "--config", "b.yaml");

    // then: JAVA_HOME's java, quiet about Unsafe and native access, writing the archive at exit
    assertThat(first)
        .contains(
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED",
            "-XX:-UsePerfData",
            "-XX:ArchiveClassesAtExit=" + archive)
        .noneMatch(a -> a.contains("SharedArchiveFile"))
        .endsWith("dev.ballast.cli.BallastCli", "run", "--config", "b.yaml");

    // when: the archive exists, newer than the jar
    Files.writeString(archive, "archive");
    List<String> later = launch(root, env, "run", "--config", "b.yaml");

    // then: mapped, not written again
    assertThat(later)
        .contains("-XX:SharedArchiveFile=" + archive)
        .noneMatch(a -> a.contains("ArchiveClassesAtExit"));
    assertThat(archive).exists();
  }

  @Test
  void shouldKeepOneArchivePerJdkVersionAndNoOptionsJdk17DoesNotKnow() throws Exception {
    // given: an archive written by JDK 25
    Path root = root();
    Path jdk = jdk("jdk17", "17.0.15", "unused");
    Path other = root.resolve("modules/cli/target/ballast-run-jdk25.0.3.jsa");
    Files.writeString(other, "archive of 25");
    Path archive = root.resolve("modules/cli/target/ballast-run-jdk17.0.15.jsa");

    // when
    List<String> args = launch(root, Map.of("JAVA_HOME", jdk.toString()), "run");

    // then: JDK 17 writes its own and leaves the other in place
    assertThat(args)
        .contains(
            "-XX:ArchiveClassesAtExit=" + archive,
            "-XX:-UsePerfData",
            "-Dballast.jit.nice=10",
            "-XX:-UseDynamicNumberOfCompilerThreads")
        .noneMatch(a -> a.startsWith("--sun-misc") || a.startsWith("--enable-native-access"))
        .noneMatch(a -> a.contains("SharedArchiveFile"));
    assertThat(other).exists();
  }

  @Test
  void shouldThrowAwayAnArchiveOlderThanTheJar() throws Exception {
    // given: an archive written before the last build
    Path root = root();
    Path jdk = jdk("jdk17", "17.0.15", "unused");
    Path archive = root.resolve("modules/cli/target/ballast-run-jdk17.0.15.jsa");
    Files.writeString(archive, "stale");
    Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(7200)));

    // when
    List<String> args = launch(root, Map.of("JAVA_HOME", jdk.toString()), "run");

    // then
    assertThat(args).contains("-XX:ArchiveClassesAtExit=" + archive);
    assertThat(archive).doesNotExist();
  }

  @Test
  void shouldGiveOtherCommandsNoArchiveButTheQuietOptions() throws Exception {
    // given
    Path root = root();
    Path jdk = jdk("jdk25", "25.0.3", "unused");

    // when
    List<String> args = launch(root, Map.of("JAVA_HOME", jdk.toString()), "demo");

    // then
    assertThat(args)
        .contains("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED")
        .noneMatch(a -> a.contains("Archive") || a.contains("PerfData") || a.contains("Compiler"))
        .noneMatch(a -> a.contains("jit.nice"))
        .endsWith("demo");
  }

  @Test
  void shouldUseJavaOnThePathAndItsVersionOutputWithoutJavaHomeOrReleaseFile() throws Exception {
    // given: no JAVA_HOME; the java on the PATH has no release file and says it is 24
    Path root = root();
    Path jdk = jdk("jdk24", null, "openjdk version \"24.0.2\" 2025-07-15");
    Map<String, String> env = new HashMap<>();
    env.put("PATH", jdk.resolve("bin") + ":" + System.getenv("PATH"));

    // when
    List<String> args = launch(root, env, "run");

    // then
    assertThat(args)
        .contains(
            "--sun-misc-unsafe-memory-access=allow",
            "-XX:ArchiveClassesAtExit="
                + root.resolve("modules/cli/target/ballast-run-jdk24.0.2.jsa"));
  }

  @Test
  void shouldLeaveTheRunDefaultsOutWhenAsked() throws Exception {
    // given
    Path root = root();
    Path jdk = jdk("jdk25", "25.0.3", "unused");

    // when
    List<String> args =
        launch(
            root,
            Map.of(
                "JAVA_HOME",
                jdk.toString(),
                "BALLAST_RUN_DEFAULTS",
                "0",
                "BALLAST_JAVA_OPTS",
                "-Xmx1g"),
            "run");

    // then
    assertThat(args)
        .noneMatch(a -> a.contains("Archive") || a.contains("PerfData"))
        .noneMatch(a -> a.contains("jit.nice") || a.contains("CompilerThreads"))
        .contains("-Xmx1g");
  }
}
