package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.broker.EmbeddedKafkaBroker;
import dev.ballast.cli.backfill.BackfillJob;
import dev.ballast.cli.backfill.BackfillOptions;
import dev.ballast.cli.backfill.BackfillReport;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.schemas.Topics;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.KafkaExtension;
import dev.ballast.testkit.SimulatorExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill resumed by job id: a second run sends only the lines without a committed result and
 * rebuilds the whole output from the results topic; a third sends nothing. The simulator counts one
 * model call per line across all runs.
 */
@ExtendWith({KafkaExtension.class, SimulatorExtension.class})
class BackfillResumeIT {

  private static final String PREFIX = "resume-it.";
  private static final String JOB = "resume-job";

  private static String line(int n) {
    return "{\"recordId\":\"R"
        + n
        + "\",\"modelInput\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Question "
        + n
        + "\"}]}]}}";
  }

  private static Path file(Path dir, String name, int lines) throws Exception {
    List<String> text = new ArrayList<>();
    for (int n = 1; n <= lines; n++) {
      text.add(line(n));
    }
    return Files.write(dir.resolve(name), text);
  }

  private static BackfillReport backfill(
      EmbeddedKafkaBroker kafka, Path input, Path out, int window) throws Exception {
    BackfillOptions options =
        new BackfillOptions(
            input, null, out, JOB, null, null, Map.of(), window, Duration.ofSeconds(60));
    return new BackfillJob(
            options,
            kafka.bootstrapServers(),
            Topics.withPrefix(PREFIX),
            Map.of(),
            new PrintWriter(new StringWriter()),
            false)
        .run();
  }

  @Test
  void shouldSendOnlyLinesWithoutAResultWhenResumedWithTheSameJobId(
      EmbeddedKafkaBroker kafka, Simulator sim, @TempDir Path dir) throws Exception {
    try (Pipeline pipeline = TestPipeline.start(kafka, sim, dir, PREFIX)) {
      // given: a first run answered the first 4 lines of what is now an 8-line file
      Path out = Files.createDirectories(dir.resolve("out"));
      BackfillReport first = backfill(kafka, file(dir, "part.jsonl", 4), out, 2);
      Path full = file(dir, "full.jsonl", 8);

      // when
      BackfillReport second = backfill(kafka, full, out, 2);
      String output = Files.readString(out.resolve("full.jsonl.out"));
      BackfillReport third = backfill(kafka, full, out, 2);

      // then
      assertThat(first.sent()).isEqualTo(4);
      assertThat(first.succeeded()).isEqualTo(4);
      assertThat(second.sent()).isEqualTo(4);
      assertThat(second.succeeded()).isEqualTo(8);
      assertThat(second.complete()).isTrue();
      assertThat(third.sent()).isZero();
      assertThat(third.succeeded()).isEqualTo(8);
      assertThat(Files.readString(out.resolve("full.jsonl.out"))).isEqualTo(output);
      assertThat(output.lines().toList())
          .hasSize(8)
          .allSatisfy(l -> assertThat(l).contains("\"modelOutput\""));
      for (int n = 1; n <= 8; n++) {
        assertThat(output.lines().toList().get(n - 1)).startsWith("{\"recordId\":\"R" + n + "\"");
        assertThat(sim.stats().callsFor(JOB + "-" + n))
            .as("model calls for line %d", n)
            .isEqualTo(1);
      }
      assertThat(pipeline.metrics().snapshot().get("requestsRead")).isEqualTo(8);
    }
  }
}
