package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MachineInfoTest {

  @Test
  void shouldReadCpuModelWhenCpuinfoListsIt() {
    // given
    List<String> cpuinfo =
        List.of(
            "processor\t: 0",
            "vendor_id\t: GenuineIntel",
            "model\t\t: 85",
            "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz",
            "processor\t: 1",
            "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz");

    // when / then
    assertThat(MachineInfo.cpuModel(cpuinfo)).isEqualTo("Intel(R) Xeon(R) CPU @ 2.20GHz");
  }

  @Test
  void shouldSayUnknownWhenCpuinfoHasNoModelName() {
    // given / when / then
    assertThat(MachineInfo.cpuModel(List.of("processor\t: 0", "model\t\t: 85")))
        .isEqualTo("unknown");
  }

  @Test
  void shouldDescribeThisMachineWhenAsked() {
    // given / when
    var machine = MachineInfo.current();

    // then
    assertThat(machine).containsKeys("cores", "memoryMb", "os", "jvm", "cpuModel");
    assertThat((Integer) machine.get("cores")).isPositive();
  }
}
