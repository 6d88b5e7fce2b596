package dev.ballast.cli;

import dev.ballast.cli.backfill.BackfillJob;
import dev.ballast.cli.backfill.BackfillOptions;
import dev.ballast.cli.backfill.BackfillReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ballast backfill}: a batch file through the batch lane, in the provider's format. */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a batch file through a running pipeline's batch lane (<prefix>requests.batch) and"
          + " writes the answers in the same provider's output format, in input order.",
      "Input (JSONL; format told from the first line, or --format):",
      "  bedrock: Amazon Bedrock batch inference lines {\"recordId\", \"modelInput\"}, modelInput"
          + " a Converse request body or an Anthropic Messages body (anthropic_version,"
          + " max_tokens, system, messages). A line without recordId gets one.",
      "  openai:  OpenAI Batch API lines {\"custom_id\", \"method\": \"POST\", \"url\":"
          + " \"/v1/chat/completions\", \"body\": {model, messages, max_tokens |"
          + " max_completion_tokens, temperature, top_p, stop, response_format}}.",
      "Output, next to the input or in --output DIR:",
      "  bedrock: <input>.out with {\"recordId\", \"modelInput\", \"modelOutput\"} or"
          + " {\"recordId\", \"modelInput\", \"error\": {\"errorCode\", \"errorMessage\"}} per line, and"
          + " manifest.json.out (totalRecordCount, processedRecordCount, successRecordCount,"
          + " errorRecordCount, inputTokenCount, outputTokenCount).",
      "  openai:  <name>.output.jsonl with {\"id\", \"custom_id\", \"response\": {\"status_code\","
          + " \"request_id\", \"body\": <chat.completion>}, \"error\"} per line.",
      "  both:    <output>.ballast.jsonl, one line per input line: status, degradations, what"
          + " served it, reason codes (Ballast's provenance).",
      "Bad lines (not JSON, missing fields, unknown model, non-text content) become error lines"
          + " with a precise message; they never stop the job.",
      "Resumable: request ids are <job-id>-<line>. A re-run with the same job id (the default id"
          + " is derived from the file's name and content) reads the results already committed,"
          + " sends only the other lines and rebuilds the output, so a killed job loses nothing and"
          + " pays for nothing twice. Memory stays bounded: the input is streamed, at most --window"
          + " lines await their result, results wait in a spill file.",
      "Shows a progress bar on a terminal and plain lines otherwise. Exits 0 only when every line"
          + " has an output line, 1 otherwise (naming the job id to resume with)."
    })
public final class BackfillCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The batch file (JSONL).")
  Path input;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--format",
      description = "bedrock or openai (default: told from the first line).")
  String format;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      description = "Directory of the outputs (default: the input's).")
  Path output;

  @Option(
      names = "--job-id",
      description = "Job id; the same id resumes (default: from the file's name and content).")
  String jobId;

  @Option(
      names = "--route",
      description =
          "Route of every line whose model has no --model-route (Bedrock lines name no model;"
              + " default for them: the route of --model, else 'default').")
  String route;

  @Option(
      names = "--model",
      description =
          "Bedrock: the model of the job (named in Anthropic outputs; mapped by --model-route).")
  String model;

  @Option(
      names = "--model-route",
      paramLabel = "MODEL=ROUTE",
      description =
          "Serve MODEL by ROUTE; repeatable. An OpenAI line whose model is neither mapped nor"
              + " covered by --route is a bad line.")
  Map<String, String> modelRoutes = new LinkedHashMap<>();

  @Option(
      names = "--window",
      defaultValue = "1000",
      description = "Most lines sent and not yet answered (default ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--timeout",
      defaultValue = "3600",
      description =
          "Seconds to wait for the last results once all lines are sent (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() throws IOException, InterruptedException {
    BackfillOptions options =
        options(input, format, output, jobId, route, model, modelRoutes, window, timeoutSeconds);
    BackfillReport report =
        new BackfillJob(
                options,
                kafka.bootstrapServers(),
                kafka.topics(),
                kafka.settings(),
                spec.commandLine().getOut(),
                System.console() != null)
            .run();
    return report.complete() ? 0 : 1;
  }

  /** Options as the command and the demo take them; Bedrock jobs default to route 'default'. */
  static BackfillOptions options(
      Path input,
      String format,
      Path output,
      String jobId,
      String route,
      String model,
      Map<String, String> modelRoutes,
      int window,
      long timeoutSeconds) {
    return new BackfillOptions(
        input,
        format,
        output,
        jobId,
        route,
        model,
        modelRoutes,
        window,
        Duration.ofSeconds(timeoutSeconds));
  }
}
