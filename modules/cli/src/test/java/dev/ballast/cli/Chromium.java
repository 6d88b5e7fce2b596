package dev.ballast.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (the Debian package {@code chromium}) run as a process, for rendering tests.
 */
final class Chromium {

  /** What a run printed. */
  record Run(int exit, String stdout, String stderr) {}

  private final Path binary;

  private Chromium(Path binary) {
    this.binary = binary;
  }

  /** The browser on this machine, if any: {@code chromium} or {@code chromium-browser} on PATH. */
  static Optional<Chromium> find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String name : new String[] {"chromium", "chromium-browser"}) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(new Chromium(p));
        }
      }
    }
    return Optional.empty();
  }

  /** Runs the browser on {@code page} with {@code extra} arguments and a fresh profile. */
  Run run(Path page, Path profile, String... extra) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    cmd.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--user-data-dir=" + profile.toAbsolutePath()));
    cmd.addAll(List.of(extra));
    cmd.add(page.toAbsolutePath().toUri().toString());
    Path out = Files.createTempFile(profile.getParent(), "chromium-", ".out");
    Path err = Files.createTempFile(profile.getParent(), "chromium-", ".err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("chromium did not finish in 90 s: " + cmd);
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
