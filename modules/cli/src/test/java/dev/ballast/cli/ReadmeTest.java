package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.pipeline.ConfigDocs;
import dev.ballast.schemas.ReasonCode;
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
  void shouldParseTheExampleConfigurationWhenLoaded(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    // given: the YAML example of the Configuration section
    String readme = readme();
    int section = readme.indexOf("## Configuration");
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml = readme.substring(start, readme.indexOf("```", start));
    Path file = dir.resolve("example.yaml");
    Files.writeString(file, yaml);

    // when
    dev.ballast.pipeline.BallastConfig config = dev.ballast.pipeline.BallastConfig.load(file);

    // then
    assertThat(config.routes()).containsKeys("default", "chat", "cheap");
    assertThat(config.routes().get("default").endpoints()).hasSize(3);
    assertThat(config.routes().get("default").primary().requestsPerMinute()).isEqualTo(600);
    assertThat(config.routes().get("default").tiers().batch())
        .isEqualTo(dev.ballast.modelclient.ServiceTier.FLEX);
    assertThat(config.models()).containsKey("anthropic.claude-3-haiku-20240307-v1:0");
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

  @Test
  void shouldListEveryReasonCodeWhenCodesChange() throws Exception {
    // given
    String readme = readme();
    String start = "<!-- reasons:start -->\n";
    String end = "<!-- reasons:end -->";
    StringBuilder table = new StringBuilder("| code | about | meaning |\n|---|---|---|\n");
    for (ReasonCode c : ReasonCode.values()) {
      table
          .append("| `")
          .append(c.name())
          .append("` | ")
          .append(c.kind().name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ")
          .append(c.meaning())
          .append(" |\n");
    }

    // when
    String documented =
        readme.substring(readme.indexOf(start) + start.length(), readme.indexOf(end));

    // then
    assertThat(documented)
        .as("README reason-code table; regenerate it from ReasonCode.values()")
        .isEqualTo(table.toString());
  }
}
