package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.pipeline.ConfigDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README cannot rot: its commands and its configuration reference are checked here. */
class ReadmeTest {

  private static String readme() throws Exception {
    return Files.readString(Path.of("../../README.md"));
  }

  @Test
  void shouldListTheTwoSetUpCommandsWhenRead() throws Exception {
    String readme = readme();

    assertThat(readme).contains("./ballast demo").contains("./mvnw verify");
    assertThat(Files.readString(Path.of("../../.ci/run"))).contains("./mvnw -B verify");
  }

  @Test
  void shouldDocumentEveryConfigKeyWhenKeysChange() throws Exception {
    // given
    String readme = readme();
    String start = "<!-- config:start -->\n";
    String end = "<!-- config:end -->";

    // when
    String documented =
        readme.substring(readme.indexOf(start) + start.length(), readme.indexOf(end));

    // then
    assertThat(documented)
        .as("README configuration table; regenerate it from ConfigDocs.markdownTable()")
        .isEqualTo(ConfigDocs.markdownTable());
  }
}
