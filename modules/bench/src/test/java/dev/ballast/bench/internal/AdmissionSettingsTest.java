package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.pipeline.ConfigKey;
import dev.ballast.pipeline.ConfigKey.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionSettingsTest {

  private static void key(Map<String, ConfigKey> keys, String name, Type type, Object def) {
    keys.put(name, new ConfigKey(name, type, def, "doc", null, List.of()));
  }

  @Test
  void shouldBudgetRequestRateAndEnableWhenAdmissionKeysExist() {
    // given
    Map<String, ConfigKey> keys = new LinkedHashMap<>();
    key(keys, "model.call.timeout", Type.DURATION, java.time.Duration.ofSeconds(1));
    key(keys, "admission.enabled", Type.BOOLEAN, false);
    key(keys, "admission.requests.per.minute", Type.INT, 0);
    key(keys, "admission.tokens.per.minute", Type.LONG, 0L);
    key(keys, "admission.max.wait", Type.DURATION, java.time.Duration.ofSeconds(1));

    // when
    Map<String, Object> settings = AdmissionSettings.forRequestQuota(keys, 600);

    // then
    assertThat(settings)
        .containsExactly(
            Map.entry("admission.enabled", true), Map.entry("admission.requests.per.minute", 600L));
  }

  @Test
  void shouldFindRpmKeyWhenNamedShort() {
    // given
    Map<String, ConfigKey> keys = new LinkedHashMap<>();
    key(keys, "admission.rpm", Type.LONG, 0L);
    key(keys, "admission.tpm", Type.LONG, 0L);

    // when
    Map<String, Object> settings = AdmissionSettings.forRequestQuota(keys, 600);

    // then
    assertThat(settings).containsExactly(Map.entry("admission.rpm", 600L));
  }

  @Test
  void shouldSetNothingWhenNoAdmissionKeys() {
    // given
    Map<String, ConfigKey> keys = new LinkedHashMap<>();
    key(keys, "model.max.in.flight", Type.INT, 512);

    // when / then
    assertThat(AdmissionSettings.forRequestQuota(keys, 600)).isEmpty();
  }
}
