package dev.ballast.cli.backfill;

import dev.ballast.cli.backfill.internal.BackfillRouting;
import dev.ballast.cli.backfill.internal.BatchFormat;
import dev.ballast.cli.backfill.internal.BatchFormats;
import dev.ballast.cli.backfill.internal.BatchLine;
import dev.ballast.cli.backfill.internal.JobProgress;
import dev.ballast.cli.backfill.internal.JobResults;
import dev.ballast.cli.backfill.internal.OutputWriter;
import dev.ballast.cli.backfill.internal.ResultSpill;
import dev.ballast.client.BallastClient;
import dev.ballast.client.Lane;
import dev.ballast.schemas.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A backfill: every line of a batch file through the batch lane ({@code <prefix>requests.batch}),
 * answered in the provider's output format, in input order.
 *
 * <ol>
 *   <li>The results topic is read from the beginning for this job's request ids ({@code
 *       <jobId>-<line>}): what an earlier run got is not sent again.
 *   <li>The input is streamed; each line without a result is sent, with at most {@code window}
 *       lines awaiting their result. Bad lines are not sent; they get an error line.
 *   <li>After everything was sent, the job waits up to {@code timeout} for the last results, then
 *       writes the outputs (results kept in a spill file, not in memory).
 * </ol>
 *
 * A job killed at any point loses nothing: a re-run with the same job id rebuilds the output from
 * the results topic and sends only lines without a committed result. Not thread-safe: one run per
 * instance.
 */
public final class BackfillJob {

  private final BackfillOptions options;
  private final String bootstrapServers;
  private final Topics topics;
  private final Map<String, String> settings;
  private final PrintWriter out;
  private final boolean terminal;

  /**
   * A job against the pipeline at {@code bootstrapServers} whose topics are {@code topics}.
   *
   * @param settings Kafka client settings (security) for the job's producer and consumer
   * @param terminal whether {@code out} is a terminal (a progress bar) or not (plain lines)
   */
  public BackfillJob(
      BackfillOptions options,
      String bootstrapServers,
      Topics topics,
      Map<String, String> settings,
      PrintWriter out,
      boolean terminal) {
    this.options = options;
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.settings = settings;
    this.out = out;
    this.terminal = terminal;
  }

  /** Runs the job; the report says whether every line got an output line. */
  public BackfillReport run() throws IOException, InterruptedException {
    Path input = options.input();
    if (!Files.isRegularFile(input)) {
      throw new IllegalArgumentException(input + ": no such file");
    }
    BackfillRouting routing =
        new BackfillRouting(options.route(), options.modelRoutes(), options.model());
    BatchFormat format =
        options.format() != null
            ? BatchFormats.named(options.format(), routing)
            : BatchFormats.detect(firstLine(input), routing);
    String jobId = options.jobId() != null ? options.jobId() : defaultJobId(input);
    Path dir = options.outputDir() != null ? options.outputDir() : absoluteParent(input);
    Files.createDirectories(dir);
    Path output = format.outputFile(input, dir);
    out.printf("Backfill %s (%s format), job %s%n", input, format.name(), jobId);
    out.flush();
    Semaphore window = new Semaphore(options.window());
    Set<Integer> awaiting = ConcurrentHashMap.newKeySet();
    JobProgress progress = new JobProgress(out, terminal);
    long sent = 0;
    long good = 0;
    long bad = 0;
    try (ResultSpill spill = new ResultSpill(dir.resolve("." + jobId + ".spill"));
        JobResults results =
            new JobResults(
                bootstrapServers,
                topics,
                settings,
                jobId,
                spill,
                line -> {
                  if (awaiting.remove(line)) {
                    window.release();
                  }
                });
        BallastClient client = BallastClient.create(bootstrapServers, topics, settings)) {
      results.start();
      awaitCaughtUp(results);
      int earlier = spill.count();
      AtomicReference<Throwable> sendError = new AtomicReference<>();
      try (BufferedReader r = Files.newBufferedReader(input)) {
        String text;
        int n = 0;
        while ((text = r.readLine()) != null) {
          n++;
          if (text.isBlank()) {
            continue;
          }
          if (spill.has(n)) {
            good++;
            continue;
          }
          BatchLine line = format.parse(text, n, OutputWriter.requestId(jobId, n));
          if (!line.ok()) {
            bad++;
            continue;
          }
          good++;
          while (!window.tryAcquire(200, TimeUnit.MILLISECONDS)) {
            progress.show(spill.count() + bad, bad, -1, false);
          }
          awaiting.add(n);
          if (spill.has(n) && awaiting.remove(n)) {
            window.release(); // answered between the check above and now
          }
          client
              .submit(line.request(), Lane.BATCH)
              .whenComplete(
                  (ok, e) -> {
                    if (e != null) {
                      sendError.compareAndSet(null, e);
                    }
                  });
          sent++;
          failOnSendError(sendError);
          progress.show(spill.count() + bad, bad, -1, false);
        }
      }
      client.flush();
      failOnSendError(sendError);
      long total = good + bad;
      long deadline = System.nanoTime() + options.timeout().toNanos();
      while (spill.count() < good && System.nanoTime() < deadline) {
        progress.show(spill.count() + bad, bad, total, false);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
      progress.show(spill.count() + bad, bad, total, true);
      progress.finish();
      results.stop();
      OutputWriter.Counts c = OutputWriter.write(input, output, format, jobId, spill);
      out.printf(
          "  %d records: %d succeeded, %d failed, %d invalid lines, %d without a result;"
              + " %d sent by this run, %d answered earlier%n  output %s%n",
          c.records(), c.succeeded(), c.failed(), c.invalid(), c.missing(), sent, earlier, output);
      if (c.missing() > 0) {
        out.printf("  re-run with --job-id %s to resume%n", jobId);
      }
      out.flush();
      return new BackfillReport(
          jobId,
          output,
          c.records(),
          c.succeeded(),
          c.failed(),
          c.invalid(),
          c.missing(),
          sent,
          c.inputTokens(),
          c.outputTokens());
    }
  }

  private static void failOnSendError(AtomicReference<Throwable> error) {
    Throwable e = error.get();
    if (e != null) {
      throw new IllegalStateException("Kafka did not take a request: " + e.getMessage(), e);
    }
  }

  private static void awaitCaughtUp(JobResults results) {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!results.caughtUp()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the results topic was not read to its end in 5 minutes");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  private static Path absoluteParent(Path input) {
    return input.toAbsolutePath().getParent();
  }

  private static String firstLine(Path input) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(input)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          return line;
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(input + ": no such file");
    }
    throw new IllegalArgumentException(input + ": no lines");
  }

  /**
   * The default job id: the file's name and a digest of its size and first megabyte, so a re-run of
   * the same file resumes and a different file with the same name does not.
   */
  static String defaultJobId(Path input) throws IOException {
    String name = input.getFileName().toString().replaceFirst("\\.jsonl$", "");
    name = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-");
    try (InputStream in = Files.newInputStream(input)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(
          Long.toString(Files.size(input)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      digest.update(in.readNBytes(1 << 20));
      return name + "-" + HexFormat.of().formatHex(digest.digest()).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
