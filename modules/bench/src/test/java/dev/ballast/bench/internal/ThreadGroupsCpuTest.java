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
            1L, new ThreadGroupsCpu.Sample("jit", 5_000_000_000L),
            2L, new ThreadGroupsCpu.Sample("gc", 0L),
            3L, new ThreadGroupsCpu.Sample("other", 100_000_000L),
            4L, new ThreadGroupsCpu.Sample("other", 9_000_000_000L));
    Map<Long, ThreadGroupsCpu.Sample> after =
        Map.of(
            1L, new ThreadGroupsCpu.Sample("jit", 6_000_000_000L),
            2L, new ThreadGroupsCpu.Sample("gc", 100_000_000L),
            3L, new ThreadGroupsCpu.Sample("other", 400_000_000L),
            5L, new ThreadGroupsCpu.Sample("other", 200_000_000L));

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
    Map<Long, ThreadGroupsCpu.Sample> own = ThreadGroupsCpu.read(ProcessHandle.current().pid());

    // then
    long other =
        own.values().stream()
            .filter(s -> s.kind().equals("other"))
            .mapToLong(ThreadGroupsCpu.Sample::cpuNanos)
            .sum();
    assertThat(other).as("after %d", x).isPositive();
  }
}
