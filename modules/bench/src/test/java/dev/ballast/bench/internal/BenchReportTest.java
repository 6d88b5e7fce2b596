package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

  private static final Map<String, Object> CLEAN = Map.of("lost", 0L, "duplicates", 0L);

  private static BenchReport report() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", 2);
    machine.put("memoryMb", 24000);
    machine.put("cpuModel", "Test CPU");
    machine.put("os", "Linux");
    machine.put("jvm", "OpenJDK 17");
    return new BenchReport("2025-01-02T03:04:05Z", machine, Map.of("quick", false));
  }

  @Test
  void shouldWriteEveryHeadlineKeyWithMachineAndDateWhenScenariosRan(@TempDir Path dir)
      throws Exception {
    // given
    BenchReport report = report();
    report.add(
        "overhead",
        Map.of("overheadMsP50", 3.5, "overheadMsP99", 30.0),
        Map.of("settings", Map.of("commit.interval", "10ms"), "lost", 0L, "duplicates", 0L));
    report.add(
        "capacity",
        Map.of("capacityRpsOneJvm", 2500.0),
        Map.of("resultsPerSecond", List.of(1, 2), "lost", 0, "duplicates", 0));

    // when
    report.write(dir);

    // then
    JsonNode json = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
    for (String key :
        List.of(
            "overheadMsP50",
            "overheadMsP99",
            "capacityRpsOneJvm",
            "capacityRps",
            "idleCpuPct",
            "startupToRunningMs",
            "goodputShare",
            "throttlesPerSuccess",
            "heapMbWithBacklog",
            "machine",
            "date")) {
      assertThat(json.has(key)).as(key).isTrue();
    }
    assertThat(json.get("overheadMsP50").asDouble()).isEqualTo(3.5);
    assertThat(json.get("goodputShare").isNull()).isTrue();
    assertThat(json.get("machine").get("cpuModel").asText()).isEqualTo("Test CPU");
    assertThat(json.get("date").asText()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(json.get("verdicts").get("overheadMsP50").asText()).isEqualTo("pass");
    assertThat(json.get("verdicts").get("overheadMsP99").asText()).isEqualTo("FAIL");
    assertThat(json.get("verdicts").get("heapMbWithBacklog").asText()).isEqualTo("not run");
    assertThat(
            json.get("scenarios").get("overhead").get("settings").get("commit.interval").asText())
        .isEqualTo("10ms");
  }

  @Test
  void shouldTabulateEachFigureAgainstItsTargetWhenWritingMarkdown(@TempDir Path dir)
      throws Exception {
    // given
    BenchReport report = report();
    report.add("capacity", Map.of("capacityRpsOneJvm", 2500.0), CLEAN);
    report.add("goodput", Map.of("goodputShare", 0.9, "throttlesPerSuccess", 0.01), CLEAN);

    // when
    report.write(dir);

    // then
    String md = Files.readString(dir.resolve("bench.md"));
    assertThat(md)
        .contains("Date: 2025-01-02T03:04:05Z")
        .contains("2 cores")
        .contains("Test CPU")
        .contains(
            "| `capacityRpsOneJvm` | sustained throughput, broker and pipeline in one JVM |"
                + " 2,500 req/s | ≥ 2,000 req/s | pass |")
        .contains("| `goodputShare` | successful calls per minute / quota | 0.9 | ≥ 0.95 | FAIL |")
        .contains("| `throttlesPerSuccess` | 429s per successful call | 0.01 | ≤ 0.05 | pass |")
        .contains(
            "| `heapMbWithBacklog` | heap after GC, 100,000 queued | – | ≤ 256 MB | not run |")
        .contains("## capacity");
  }

  @Test
  void shouldWriteTheCostFiguresUnderTheKeysOfTheEfficiencyIssueWhenTheCostScenarioRan(
      @TempDir Path dir) throws Exception {
    // given
    BenchReport report = report();
    Map<String, Object> cost = new LinkedHashMap<>();
    cost.put("startupToRunningMs", 4200L);
    cost.put("idleCpuPct", 1.5);
    cost.put("capacityRps", 5100.0);
    cost.put("capacityRpsRuns", List.of(5000.0, 5100.0, 5300.0));
    cost.put("capacitySpreadPct", 5.9);
    cost.put("cpuMsPerRequest", Map.of("50", 2.0, "200", 1.1, "1000", 0.5, "capacity", 0.3));
    cost.put("cpuPctOfOneCoreAt200", 30.0);

    // when
    report.add("cost", cost, CLEAN);
    report.write(dir);

    // then
    JsonNode json = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
    assertThat(json.get("cpuMsPerRequest").get("200").asDouble()).isEqualTo(1.1);
    assertThat(json.get("cpuMsPerRequest").get("capacity").asDouble()).isEqualTo(0.3);
    assertThat(json.get("capacityRpsRuns")).hasSize(3);
    assertThat(json.get("idleCpuPct").asDouble()).isEqualTo(1.5);
    assertThat(json.get("startupToRunningMs").asLong()).isEqualTo(4200);
    JsonNode verdicts = json.get("verdicts");
    assertThat(verdicts.get("capacityRps").asText()).isEqualTo("pass");
    assertThat(verdicts.get("capacitySpreadPct").asText()).isEqualTo("pass");
    assertThat(verdicts.get("idleCpuPct").asText()).isEqualTo("pass");
    assertThat(verdicts.get("startupToRunningMs").asText()).isEqualTo("pass");
    assertThat(verdicts.get("cpuPctOfOneCoreAt200").asText()).isEqualTo("FAIL");
  }

  @Test
  void shouldFailEveryVerdictOfAScenarioWhenItLostAResult(@TempDir Path dir) throws Exception {
    // given
    BenchReport report = report();

    // when
    report.add(
        "storm",
        Map.of("stormAnswered", 1.0, "stormP99Ms", 900.0),
        Map.of("lost", 2L, "duplicates", 0L));
    report.write(dir);

    // then
    JsonNode json = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
    assertThat(json.get("verdicts").get("stormP99Ms").asText())
        .isEqualTo("FAIL (lost 2, duplicates 0)");
    assertThat(json.get("scenarios").get("storm").get("integrity").asText())
        .isEqualTo("lost 2, duplicates 0");
  }

  @Test
  void shouldRecordTheErrorWhenAScenarioFailed() {
    // given
    BenchReport report = report();

    // when
    report.failed("memory", new IllegalStateException("broker did not start"));

    // then
    assertThat(report.markdown()).contains("## memory").contains("broker did not start");
    assertThat(report.figures().get("heapMbWithBacklog")).isNull();
  }
}
