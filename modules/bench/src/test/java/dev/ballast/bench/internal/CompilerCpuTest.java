package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompilerCpuTest {

  private static final long MS = 1_000_000L;

  /** The threads the process reports, by thread id. */
  private final Map<Long, ThreadGroupsCpu.Sample> threads = new HashMap<>();

  private void thread(long tid, String comm, long cpuMs) {
    threads.put(tid, new ThreadGroupsCpu.Sample(ThreadGroupsCpu.kind(comm), cpuMs * MS, comm));
  }

  private CompilerCpu reader() {
    return new CompilerCpu(() -> Map.copyOf(threads));
  }

  @Test
  void shouldCountOnlyTheCompilerThreadsFromTheFirstReading() {
    // given: a process that compiled before the reader was made
    thread(11, "C2 CompilerThre", 4_000);
    thread(12, "kafka-producer-", 9_000);
    thread(13, "C1 CompilerThre", 1_000);
    CompilerCpu cpu = reader();

    // when: both compilers work, and so does a client thread
    thread(11, "C2 CompilerThre", 4_300);
    thread(12, "kafka-producer-", 19_000);
    thread(13, "C1 CompilerThre", 1_050);

    // then: only the compilers' new time counts
    assertThat(cpu.getAsLong()).isEqualTo(350);
  }

  @Test
  void shouldNotLoseTimeWhenACompilerThreadEndsOrStarts() {
    // given
    thread(11, "C2 CompilerThre", 4_000);
    thread(13, "C2 CompilerThre", 2_000);
    CompilerCpu cpu = reader();
    thread(13, "C2 CompilerThre", 2_500);
    assertThat(cpu.getAsLong()).isEqualTo(500);

    // when: the JVM stops one compiler thread and starts another
    threads.remove(13L);
    thread(14, "C2 CompilerThre", 70);

    // then: the ended thread takes nothing away; the new one counts from its start
    assertThat(cpu.getAsLong()).isEqualTo(570);
  }

  @Test
  void shouldReportUnknownWhenTheProcessCannotBeRead() {
    assertThat(reader().getAsLong()).isEqualTo(-1);
  }

  @Test
  void shouldReadThisJvmsOwnCompilerThreadsFromProc() {
    // given: this JVM, which has compiled the test framework's code by now
    CompilerCpu cpu = new CompilerCpu(ProcessHandle.current().pid());

    // then: readable, and counting from zero
    assertThat(cpu.getAsLong()).isBetween(0L, 60_000L);
  }
}
