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
  void shouldGiveEachKindsShareOfOneCoreOverTheWindowWhenRead() {
    // given: over 2 s, the JIT used 1 s, GC 0.1 s, the rest 0.5 s
    Map<String, Long> before = Map.of("jit", 5_000_000_000L, "gc", 0L, "other", 100_000_000L);
    Map<String, Long> after =
        Map.of("jit", 6_000_000_000L, "gc", 100_000_000L, "other", 600_000_000L);

    // when
    Map<String, Object> pct = ThreadGroupsCpu.pctOfOneCore(before, after, 2_000_000_000L);

    // then
    assertThat(pct)
        .containsEntry("jit", 50.0)
        .containsEntry("gc", 5.0)
        .containsEntry("other", 25.0);
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
    Map<String, Long> own = ThreadGroupsCpu.read(ProcessHandle.current().pid());

    // then
    assertThat(own.get("other")).as("after %d", x).isPositive();
  }
}
