package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchFilesTest {

  private static String answered(int n) {
    return "{\"recordId\":\"R" + n + "\",\"modelInput\":{},\"modelOutput\":{\"output\":{}}}";
  }

  @Test
  void shouldWriteOneBedrockLinePerRecordWhenAsked(@TempDir Path dir) throws Exception {
    // when
    Path file = BatchFiles.write(dir.resolve("in.jsonl"), 3);

    // then
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)).startsWith("{\"recordId\":\"R3\",\"modelInput\":{");
  }

  @Test
  void shouldBeCompleteWhenEveryLineIsAnsweredOnceInOrder(@TempDir Path dir) throws Exception {
    // given
    Path out = Files.write(dir.resolve("in.jsonl.out"), List.of(answered(1), answered(2)));

    // when
    BatchFiles.Check check = BatchFiles.check(out, 2);

    // then
    assertThat(check.complete()).isTrue();
  }

  @Test
  void shouldNotBeCompleteWhenALineIsRepeatedMissingOrAnError(@TempDir Path dir) throws Exception {
    // given
    Path repeated = Files.write(dir.resolve("a"), List.of(answered(1), answered(1)));
    Path missing = Files.write(dir.resolve("b"), List.of(answered(1)));
    Path error =
        Files.write(
            dir.resolve("c"),
            List.of(answered(1), "{\"recordId\":\"R2\",\"error\":{\"errorCode\":500}}"));

    // when / then
    assertThat(BatchFiles.check(repeated, 2).complete()).isFalse();
    assertThat(BatchFiles.check(repeated, 2).distinct()).isEqualTo(1);
    assertThat(BatchFiles.check(missing, 2).complete()).isFalse();
    assertThat(BatchFiles.check(error, 2).errors()).isEqualTo(1);
    assertThat(BatchFiles.check(error, 2).complete()).isFalse();
    assertThat(BatchFiles.check(dir.resolve("none"), 2).outputLines()).isZero();
  }
}
