package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadGroupsCpuTest {

  @Test
  void shouldSortThreadsIntoJitGcAndOtherWhenGivenTheirLinuxNames() {
    assertThat(ThreadGroupsCpu.kind("C2 CompilerThre\n")).isEqualTo("jit");
    assertThat(ThreadGroupsCpu.kind("C1 CompilerThre")).isEqualTo("jit");
    assertThat(ThreadGroupsCpu.kind("GC Thread#0")).isEqualTo("gc");
    assertThat(ThreadGroupsCpu.kind("G1 Conc#0")).isEqualTo("gc");
    assertThat(ThreadGroupsCpu.kind("bench-cost-b-2a")).isEqualTo("other");
    assertThat(ThreadGroupsCpu.kind("rocksdb:low")).isEqualTo("rocksdb");
    assertThat(ThreadGroupsCpu.kind("kafka-producer-")).isEqualTo("kafka");
    assertThat(ThreadGroupsCpu.kind("aws-java-sdk-Ne")).isEqualTo("sdk");
    assertThat(ThreadGroupsCpu.kind("sdk-async-respo")).isEqualTo("sdk");
    assertThat(ThreadGroupsCpu.kind("ballast-model-i")).isEqualTo("sdk");
    assertThat(ThreadGroupsCpu.kind("AwsEventLoop 1")).isEqualTo("sdk");
    assertThat(ThreadGroupsCpu.kind("ballast-call-3")).isEqualTo("ballast");
  }

  @Test
  void shouldReadUserPlusSystemTicksWhenTheThreadNameHasSpacesAndParentheses() {
    // given: a /proc/<pid>/task/<tid>/stat line; utime 1234, stime 56
    String stat =
        "4242 (C2 Compiler (x)) S 1 4242 4242 0 -1 4194368 100 0 0 0 1234 56 0 0 20 0 40 0 123"
            + " 0 0\n";

    // then
    assertThat(ThreadGroupsCpu.ticks(stat)).isEqualTo(1290);
  }

  @Test
  void shouldGiveEachKindsShareOfOneCoreOverTheWindowWhenThreadsStartAndEnd() {
    // given: over 2 s, the JIT used 1 s, GC 0.1 s, a live thread 0.3 s, a new thread 0.2 s; a
    // thread that ended took its earlier 9 s with it
    Map<Long, ThreadGroupsCpu.Sample> before =
        Map.of(
            1L, new ThreadGroupsCpu.Sample("jit", 5_000_000_000L, "t"),
            2L, new ThreadGroupsCpu.Sample("gc", 0L, "t"),
            3L, new ThreadGroupsCpu.Sample("other", 100_000_000L, "t"),
            4L, new ThreadGroupsCpu.Sample("other", 9_000_000_000L, "t"));
    Map<Long, ThreadGroupsCpu.Sample> after =
        Map.of(
            1L, new ThreadGroupsCpu.Sample("jit", 6_000_000_000L, "t"),
            2L, new ThreadGroupsCpu.Sample("gc", 100_000_000L, "t"),
            3L, new ThreadGroupsCpu.Sample("other", 400_000_000L, "t"),
            5L, new ThreadGroupsCpu.Sample("other", 200_000_000L, "t"));

    // when
    Map<String, Object> pct = ThreadGroupsCpu.pctOfOneCore(before, after, 2_000_000_000L);

    // then
    assertThat(pct)
        .containsEntry("jit", 50.0)
        .containsEntry("gc", 5.0)
        .containsEntry("other", 25.0);
  }

  @Test
  void shouldNameThreadsFromAThreadDumpAndCountAPoolsThreadsTogether() {
    // given: a jcmd Thread.print excerpt (JDK 17: nid in hex)
    String dump =
        String.join(
            "\n",
            "\"app-2f1e8c7a-1b2c-4d5e-8f90-123456789abc-StreamThread-1\" #31 daemon prio=5"
                + " os_prio=0 cpu=812.33ms elapsed=90.1s tid=0x00007f nid=0x1f41 runnable",
            "\"ballast-call-1\" #40 daemon prio=5 os_prio=0 cpu=10ms tid=0x00007e nid=0x1f42"
                + " waiting on condition",
            "\"ballast-call-2\" #41 daemon prio=5 os_prio=0 cpu=10ms tid=0x00007d nid=0x1f43"
                + " waiting on condition",
            "   java.lang.Thread.State: WAITING (parking)",
            "\"GC Thread#0\" os_prio=0 cpu=5ms elapsed=90s tid=0x00007c nid=0x1f44 runnable");
    Map<Long, String> names = ThreadGroupsCpu.javaNames(dump);
    Map<Long, ThreadGroupsCpu.Sample> before =
        Map.of(0x1f41L, new ThreadGroupsCpu.Sample("other", 0L, "app-2f1e8c7a-1b"));
    Map<Long, ThreadGroupsCpu.Sample> after =
        Map.of(
            0x1f41L, new ThreadGroupsCpu.Sample("other", 300_000_000L, "app-2f1e8c7a-1b"),
            0x1f42L, new ThreadGroupsCpu.Sample("ballast", 100_000_000L, "ballast-call-1"),
            0x1f43L, new ThreadGroupsCpu.Sample("ballast", 300_000_000L, "ballast-call-2"),
            0x1f44L, new ThreadGroupsCpu.Sample("gc", 20_000_000L, "GC Thread#0"),
            7L, new ThreadGroupsCpu.Sample("other", 10_000_000L, "unnamed"));

    // when: over 1 s
    Map<String, Object> byName = ThreadGroupsCpu.byName(before, after, 1_000_000_000L, names);

    // then: largest first, pools together, instance ids dropped, unknown threads by comm
    assertThat(names).hasSize(4).containsEntry(0x1f44L, "GC Thread#0");
    assertThat(byName.keySet())
        .containsExactly("ballast-call-*", "app-StreamThread-*", "GC Thread-*", "unnamed");
    assertThat(byName).containsEntry("ballast-call-*", 40.0).containsEntry("unnamed", 1.0);
  }

  @Test
  void shouldReadThisProcessesThreadsWhenProcIsThere() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
    // given: this thread has used some CPU
    long x = 0;
    for (int i = 0; i < 50_000_000; i++) {
      x += i ^ (x >>> 3);
    }

    // when
    Map<Long, ThreadGroupsCpu.Sample> own = ThreadGroupsCpu.read(ProcessHandle.current().pid());

    // then
    long other =
        own.values().stream()
            .filter(s -> s.kind().equals("other"))
            .mapToLong(ThreadGroupsCpu.Sample::cpuNanos)
            .sum();
    assertThat(other).as("after %d", x).isPositive();
  }

  @Test
  void shouldCountContextSwitchesOfLiveThreadsBetweenReadings() {
    // given: thread 2 ended, thread 3 started between the readings
    String status =
        "Name:\tStreamThread-1\nState:\tS (sleeping)\nvoluntary_ctxt_switches:\t150\n"
            + "nonvoluntary_ctxt_switches:\t7\n";
    Map<Long, ThreadGroupsCpu.Sample> before =
        Map.of(
            1L, new ThreadGroupsCpu.Sample("other", 0L, "a", 100),
            2L, new ThreadGroupsCpu.Sample("other", 0L, "b", 50));
    Map<Long, ThreadGroupsCpu.Sample> after =
        Map.of(
            1L, new ThreadGroupsCpu.Sample("other", 0L, "a", ThreadGroupsCpu.switches(status)),
            3L, new ThreadGroupsCpu.Sample("other", 0L, "c", 20));

    // then
    assertThat(ThreadGroupsCpu.switches(status)).isEqualTo(157);
    assertThat(ThreadGroupsCpu.switches(before, after)).isEqualTo(57 + 20);
    assertThat(ThreadGroupsCpu.switches("Name:\tx\n")).isZero();
  }

  @Test
  void shouldCountContextSwitchesByGroupOfThreadNamesLargestFirst() {
    // given: two threads of one pool, one of another, and one the dump did not name
    Map<Long, ThreadGroupsCpu.Sample> before =
        Map.of(
            1L, new ThreadGroupsCpu.Sample("ballast", 0L, "ballast-call-1", 10),
            2L, new ThreadGroupsCpu.Sample("ballast", 0L, "ballast-call-2", 10),
            3L, new ThreadGroupsCpu.Sample("sdk", 0L, "aws-java-sdk-Ne", 5));
    Map<Long, ThreadGroupsCpu.Sample> after =
        Map.of(
            1L, new ThreadGroupsCpu.Sample("ballast", 0L, "ballast-call-1", 40),
            2L, new ThreadGroupsCpu.Sample("ballast", 0L, "ballast-call-2", 30),
            3L, new ThreadGroupsCpu.Sample("sdk", 0L, "aws-java-sdk-Ne", 105),
            4L, new ThreadGroupsCpu.Sample("other", 0L, "unnamed", 3));
    Map<Long, String> names =
        Map.of(1L, "ballast-call-1", 2L, "ballast-call-2", 3L, "aws-java-sdk-NettyEventLoop-1-0");

    // when
    Map<String, Long> bySwitches = ThreadGroupsCpu.switchesByName(before, after, names);

    // then
    assertThat(bySwitches.keySet())
        .containsExactly("aws-java-sdk-NettyEventLoop-1-*", "ballast-call-*", "unnamed");
    assertThat(bySwitches)
        .containsEntry("aws-java-sdk-NettyEventLoop-1-*", 100L)
        .containsEntry("ballast-call-*", 50L)
        .containsEntry("unnamed", 3L);
    assertThat(
            new ProcessCpu.Window(1, 1, Map.of(), Map.of(), 153, bySwitches)
                .switchesPerRequestByName(100))
        .containsEntry("ballast-call-*", 0.5);
  }
}
