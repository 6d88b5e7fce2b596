package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.client.JsonCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ballast demo --backfill} on the two sample files: every output line parsed with the
 * provider's field names, in input order, with error lines for the samples' bad lines.
 */
class BackfillDemoIT {

  private static final Path SAMPLES = Path.of("../../examples/backfill");

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = BallastCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    return Files.readAllLines(file).stream().map(BackfillDemoIT::json).toList();
  }

  private static JsonNode json(String text) {
    try {
      return JsonCodec.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  @Test
  void shouldWriteBedrockOutputAndManifestWhenTheSampleIsBackfilled(@TempDir Path dir)
      throws Exception {
    // given
    Path input = SAMPLES.resolve("bedrock-sample.jsonl");
    Map<Integer, String> bad =
        Map.of(
            6, "line 6: not valid JSON",
            7, "line 7: 'modelInput' must be an object",
            8, "line 8: modelInput: 'messages[0].content[0]': only text blocks are supported",
            9, "line 9: modelInput: 'max_tokens' must be an integer");
    List<Integer> anthropic = List.of(2, 3, 11);

    // when
    Run r = run("demo", "--backfill", input.toString(), "--output", dir.toString());

    // then
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    List<JsonNode> out = lines(dir.resolve("bedrock-sample.jsonl.out"));
    assertThat(out).hasSize(12);
    for (int n = 1; n <= 12; n++) {
      JsonNode line = out.get(n - 1);
      String expectedId = n == 5 ? "RECORD00000005" : String.format("CALL%07d", n);
      assertThat(line.path("recordId").asText()).as("line %d", n).isEqualTo(expectedId);
      if (bad.containsKey(n)) {
        assertThat(line.has("modelOutput")).isFalse();
        assertThat(line.path("error").path("errorCode").asInt()).isEqualTo(400);
        assertThat(line.path("error").path("errorMessage").asText()).startsWith(bad.get(n));
        continue;
      }
      assertThat(line.path("modelInput").isObject()).as("line %d echoes its input", n).isTrue();
      JsonNode output = line.path("modelOutput");
      if (anthropic.contains(n)) {
        assertThat(output.path("type").asText()).isEqualTo("message");
        assertThat(output.path("role").asText()).isEqualTo("assistant");
        assertThat(output.path("content").get(0).path("type").asText()).isEqualTo("text");
        assertThat(output.path("content").get(0).path("text").asText()).isNotBlank();
        assertThat(output.path("stop_reason").asText()).isNotBlank();
        assertThat(output.path("usage").path("input_tokens").asLong()).isPositive();
        assertThat(output.path("usage").path("output_tokens").asLong()).isPositive();
      } else {
        JsonNode message = output.path("output").path("message");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.path("content").get(0).path("text").asText()).isNotBlank();
        assertThat(output.path("stopReason").asText()).isNotBlank();
        assertThat(output.path("usage").path("inputTokens").asLong()).isPositive();
        assertThat(output.path("usage").path("totalTokens").asLong())
            .isEqualTo(
                output.path("usage").path("inputTokens").asLong()
                    + output.path("usage").path("outputTokens").asLong());
      }
    }
    JsonNode manifest = json(Files.readString(dir.resolve("manifest.json.out")));
    assertThat(manifest.path("totalRecordCount").asLong()).isEqualTo(12);
    assertThat(manifest.path("processedRecordCount").asLong()).isEqualTo(12);
    assertThat(manifest.path("successRecordCount").asLong()).isEqualTo(8);
    assertThat(manifest.path("errorRecordCount").asLong()).isEqualTo(4);
    assertThat(manifest.path("inputTokenCount").asLong()).isPositive();
    assertThat(manifest.path("outputTokenCount").asLong()).isPositive();
    List<JsonNode> provenance = lines(dir.resolve("bedrock-sample.jsonl.out.ballast.jsonl"));
    assertThat(provenance).hasSize(12);
    assertThat(provenance.get(0).path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(provenance.get(0).path("servedBy").path("model").asText()).isNotBlank();
    assertThat(provenance.get(5).path("status").asText()).isEqualTo("INVALID_LINE");
  }

  @Test
  void shouldWriteOpenAiOutputWhenTheSampleIsBackfilled(@TempDir Path dir) throws Exception {
    // given
    Path input = SAMPLES.resolve("openai-sample.jsonl");
    Map<Integer, String> bad =
        Map.of(
            6, "line 6: not valid JSON",
            7, "line 7: 'url' must be /v1/chat/completions",
            8, "line 8: unknown model 'gpt-unknown'",
            9, "line 9: 'custom_id' is required");

    // when
    Run r = run("demo", "--backfill", input.toString(), "--output", dir.toString());

    // then
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    List<JsonNode> out = lines(dir.resolve("openai-sample.output.jsonl"));
    assertThat(out).hasSize(10);
    for (int n = 1; n <= 10; n++) {
      JsonNode line = out.get(n - 1);
      assertThat(line.path("id").asText()).startsWith("batch_req_");
      if (n != 9) {
        assertThat(line.path("custom_id").asText()).as("line %d", n).isEqualTo("request-" + n);
      }
      if (bad.containsKey(n)) {
        assertThat(line.path("response").isNull()).isTrue();
        assertThat(line.path("error").path("code").asText()).isEqualTo("invalid_request");
        assertThat(line.path("error").path("message").asText()).startsWith(bad.get(n));
        continue;
      }
      assertThat(line.path("error").isNull()).as("line %d", n).isTrue();
      JsonNode response = line.path("response");
      assertThat(response.path("status_code").asInt()).isEqualTo(200);
      assertThat(response.path("request_id").asText()).isNotBlank();
      JsonNode body = response.path("body");
      assertThat(body.path("object").asText()).isEqualTo("chat.completion");
      JsonNode choice = body.path("choices").get(0);
      assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
      assertThat(choice.path("message").path("content").asText()).isNotBlank();
      assertThat(choice.path("finish_reason").asText()).isIn("stop", "length");
      assertThat(body.path("usage").path("prompt_tokens").asLong()).isPositive();
      assertThat(body.path("usage").path("completion_tokens").asLong()).isPositive();
    }
    JsonNode structured =
        json(
            out.get(3)
                .path("response")
                .path("body")
                .path("choices")
                .get(0)
                .path("message")
                .path("content")
                .asText());
    assertThat(structured.has("city")).isTrue();
    assertThat(structured.has("country")).isTrue();
    assertThat(out.get(4).path("response").path("body").path("model").asText()).isEqualTo("gpt-4o");
  }
}
