package dev.ballast.modelclient.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.FailureClass;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each failure kind maps to one row: its in-process retry, its breaker weight, its steps. */
class RecoveryTableTest {

  @ParameterizedTest
  @CsvSource({
    "THROTTLED,        false, false, NEXT_WITH_ROOM PARK NEXT_ENDPOINT",
    "TRANSIENT,        true,  true,  RETRY_HERE NEXT_ENDPOINT",
    "TIMEOUT,          false, true,  SHORTER_CONTEXT CACHE NEXT_ENDPOINT",
    "CONTEXT_OVERFLOW, false, false, SHRINK NEXT_ENDPOINT",
    "MALFORMED_OUTPUT, false, false, REASK NEXT_ENDPOINT",
    "REQUEST_ERROR,    false, false, NEXT_ENDPOINT",
    "UNAVAILABLE,      false, true,  NEXT_ENDPOINT",
    "PERMANENT,        false, false, FAIL"
  })
  void shouldMapEachFailureKindToOneRowWhenLookedUp(
      FailureClass kind, boolean retryHere, boolean breaker, String steps) {
    // when
    RecoveryTable.Row row = RecoveryTable.row(kind);

    // then
    assertThat(row.retryHere()).isEqualTo(retryHere);
    assertThat(row.countsAgainstEndpoint()).isEqualTo(breaker);
    assertThat(row.steps()).isEqualTo(parse(steps));
  }

  @Test
  void shouldHaveExactlyOneRowPerKindWhenListed() {
    assertThat(RecoveryTable.rows().stream().map(RecoveryTable.Row::failureClass))
        .containsExactly(FailureClass.values());
  }

  private static List<Step> parse(String steps) {
    return Arrays.stream(steps.trim().split("\\s+")).map(Step::valueOf).toList();
  }
}
