package dev.ballast.bench.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of one benchmark run: headline figures, each scenario's settings and raw figures, the
 * machine and the date. Written as {@code bench.json} and {@code bench.md}.
 *
 * <p>Not thread-safe: filled by the runner's thread.
 */
public final class BenchReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String date;
  private final Map<String, Object> machine;
  private final Map<String, Object> run;
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> scenarios = new LinkedHashMap<>();
  private final Map<String, Integrity> integrity = new LinkedHashMap<>();

  /**
   * @param date when the run started, ISO-8601
   * @param machine see {@link MachineInfo#current()}
   * @param run how the runner was invoked (options)
   */
  public BenchReport(String date, Map<String, Object> machine, Map<String, Object> run) {
    this.date = date;
    this.machine = new LinkedHashMap<>(machine);
    this.run = new LinkedHashMap<>(run);
    Target.ALL.forEach(t -> figures.put(t.key(), null));
  }

  /**
   * Adds a scenario's outcome.
   *
   * @param name the scenario
   * @param headline its headline figures (keys of {@link Target#ALL} and others worth a glance)
   * @param details settings, raw sub-figures and notes; {@code lost} and {@code duplicates} (see
   *     {@link Integrity}) decide whether any of the scenario's verdicts can pass
   */
  public void add(String name, Map<String, Object> headline, Map<String, Object> details) {
    figures.putAll(headline);
    integrity.put(name, Integrity.of(details));
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("figures", new LinkedHashMap<>(headline));
    section.put("integrity", integrity.get(name).toString());
    section.putAll(details);
    scenarios.put(name, section);
  }

  /** Adds a note about the run (not a scenario) to the report's {@code run} section. */
  public void note(String key, Object value) {
    run.put(key, value);
  }

  /** Records that a scenario failed to run. */
  public void failed(String name, Throwable error) {
    scenarios.put(name, Map.of("error", String.valueOf(error)));
  }

  /** Headline figures by key; null for those not measured. */
  public Map<String, Object> figures() {
    return Collections.unmodifiableMap(figures);
  }

  /** The whole report as a JSON tree: headline figures first. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>(figures);
    out.put("date", date);
    out.put("machine", machine);
    out.put("run", run);
    Map<String, Object> verdicts = new LinkedHashMap<>();
    Target.ALL.forEach(t -> verdicts.put(t.key(), t.verdict(figures, integrity)));
    out.put("verdicts", verdicts);
    out.put("scenarios", scenarios);
    return out;
  }

  /** The Markdown report. */
  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Ballast benchmark\n\n");
    md.append("Date: ").append(date).append("  \n");
    md.append("Machine: ")
        .append(machine.get("cores"))
        .append(" cores, ")
        .append(machine.get("memoryMb"))
        .append(" MB, ")
        .append(machine.get("cpuModel"))
        .append("; ")
        .append(machine.get("os"))
        .append("; ")
        .append(machine.get("jvm"))
        .append("  \n");
    md.append("Run: `").append(run).append("`\n\n");
    md.append("| figure | what | measured | target | verdict |\n");
    md.append("|---|---|---:|---|---|\n");
    for (Target t : Target.ALL) {
      Object v = figures.get(t.key());
      md.append("| `")
          .append(t.key())
          .append("` | ")
          .append(t.label())
          .append(" | ")
          .append(v == null ? "–" : Target.format(v) + (t.unit().isEmpty() ? "" : " " + t.unit()))
          .append(" | ")
          .append(t.describe())
          .append(" | ")
          .append(t.verdict(figures, integrity))
          .append(" |\n");
    }
    for (Map.Entry<String, Map<String, Object>> s : scenarios.entrySet()) {
      md.append("\n## ").append(s.getKey()).append("\n\n");
      appendTree(md, s.getValue(), 0);
    }
    return md.toString();
  }

  /** Writes {@code bench.json} and {@code bench.md} into {@code dir}, creating it. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve("bench.json").toFile(), toJson());
    Files.writeString(dir.resolve("bench.md"), markdown());
  }

  private static void appendTree(StringBuilder md, Map<?, ?> tree, int depth) {
    String indent = "  ".repeat(depth);
    for (Map.Entry<?, ?> e : tree.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Map<?, ?> m) {
        md.append(indent).append("- ").append(e.getKey()).append(":\n");
        appendTree(md, m, depth + 1);
      } else if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map) {
        md.append(indent).append("- ").append(e.getKey()).append(":\n");
        for (Object item : l) {
          md.append(indent).append("  - ").append(item).append('\n');
        }
      } else {
        md.append(indent)
            .append("- ")
            .append(e.getKey())
            .append(": ")
            .append(Target.format(v))
            .append('\n');
      }
    }
  }
}
