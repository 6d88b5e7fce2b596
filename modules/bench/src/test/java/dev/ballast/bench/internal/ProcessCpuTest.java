package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  private final AtomicLong cpu = new AtomicLong();
  private final AtomicLong wall = new AtomicLong();
  private final ProcessCpu meter = new ProcessCpu(cpu::get, wall::get);

  @Test
  void shouldReportCpuOverTheWindowOnlyWhenTheProcessUsedCpuBeforeIt() {
    // given
    cpu.set(5_000_000_000L);
    wall.set(1_000_000_000L);
    meter.start();

    // when: 2 s of wall time, 500 ms of CPU
    wall.addAndGet(2_000_000_000L);
    cpu.addAndGet(500_000_000L);
    ProcessCpu.Window w = meter.read();

    // then
    assertThat(w.cpuNanos()).isEqualTo(500_000_000L);
    assertThat(w.wallNanos()).isEqualTo(2_000_000_000L);
    assertThat(w.pctOfOneCore()).isEqualTo(25.0);
    assertThat(w.cpuMs()).isEqualTo(500.0);
    assertThat(w.msPerRequest(400)).isEqualTo(1.25);
  }

  @Test
  void shouldExceedOneHundredPercentWhenMoreThanOneCoreWasBusy() {
    // given
    meter.start();

    // when
    wall.addAndGet(1_000_000_000L);
    cpu.addAndGet(1_500_000_000L);

    // then
    assertThat(meter.read().pctOfOneCore()).isEqualTo(150.0);
  }

  @Test
  void shouldReportUnknownWhenTheCpuTimeCannotBeReadOrNoRequestCompleted() {
    // given
    cpu.set(-1);
    meter.start();
    wall.addAndGet(1_000_000_000L);

    // when
    ProcessCpu.Window w = meter.read();

    // then
    assertThat(w.pctOfOneCore()).isEqualTo(-1);
    assertThat(w.msPerRequest(10)).isEqualTo(-1);
    assertThat(
            new ProcessCpu.Window(1_000_000, 1_000_000_000L, Map.of(), Map.of(), -1, Map.of())
                .msPerRequest(0))
        .isEqualTo(-1);
  }

  @Test
  void shouldGiveTheSpreadOfRunsRelativeToTheirMedianWhenRunsDiffer() {
    assertThat(ProcessCpu.spreadPct(List.of(5000.0, 5500.0, 4500.0))).isEqualTo(20.0);
    assertThat(ProcessCpu.spreadPct(List.of(100.0, 110.0))).isEqualTo(9.5);
    assertThat(ProcessCpu.spreadPct(List.of(100.0))).isEqualTo(0);
    assertThatThrownBy(() -> ProcessCpu.spreadPct(List.of(0.0, 1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0.0, 1.0]");
  }
}
