package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

class BedrockErrorsSdkTest {

  private static Simulator sim;
  private static BedrockRuntimeClient client;
  private static BedrockRuntimeAsyncClient asyncClient;

  @BeforeAll
  static void startSimulator() {
    sim = Simulator.start(Scenario.defaults());
    client = SdkClients.sync(sim.uri());
    asyncClient = SdkClients.async(sim.uri(), null);
  }

  @AfterAll
  static void stopSimulator() {
    client.close();
    asyncClient.close();
    sim.close();
  }

  @BeforeEach
  void clean() {
    sim.clearFaults();
    sim.resetStats();
  }

  static Class<? extends BedrockRuntimeException> exceptionFor(ErrorType type) {
    return switch (type) {
      case THROTTLING -> ThrottlingException.class;
      case MODEL_NOT_READY -> ModelNotReadyException.class;
      case SERVICE_UNAVAILABLE, OVERLOADED -> ServiceUnavailableException.class;
      case INTERNAL_SERVER -> InternalServerException.class;
      case MODEL_TIMEOUT -> ModelTimeoutException.class;
      case MODEL_ERROR -> ModelErrorException.class;
      case VALIDATION, CONTEXT_OVERFLOW -> ValidationException.class;
      case SERVICE_QUOTA_EXCEEDED -> ServiceQuotaExceededException.class;
      case ACCESS_DENIED -> AccessDeniedException.class;
      case RESOURCE_NOT_FOUND -> ResourceNotFoundException.class;
    };
  }

  @ParameterizedTest
  @EnumSource(ErrorType.class)
  void shouldRaiseTheMatchingSdkExceptionOnceWhenRuleInjectsError(ErrorType type) {
    // given
    String id = "err-" + type.name();
    sim.inject(FaultRule.forRequest(id).error(type));

    // when
    Throwable thrown = catchThrowable(() -> client.converse(SdkClients.text(id, "hello")));

    // then
    assertThat(thrown).isExactlyInstanceOf(exceptionFor(type));
    AwsServiceException e = (AwsServiceException) thrown;
    assertThat(e.statusCode()).isEqualTo(type.httpStatus());
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(type.wireName());
    assertThat(e.awsErrorDetails().errorMessage()).isNotBlank();
    assertThat(e.requestId()).isNotBlank();
    assertThat(sim.stats().callsFor(id)).isEqualTo(1);
    assertThat(sim.stats().total().errors(type)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorType.class,
      names = {"THROTTLING", "SERVICE_UNAVAILABLE", "MODEL_TIMEOUT"})
  void shouldRaiseTheMatchingSdkExceptionWhenTheAsyncClientCalls(ErrorType type) {
    // given
    String id = "async-err-" + type.name();
    sim.inject(FaultRule.forRequest(id).error(type));

    // when
    Throwable thrown =
        catchThrowable(() -> asyncClient.converse(SdkClients.text(id, "hello")).join());

    // then
    assertThat(thrown).isInstanceOf(CompletionException.class);
    assertThat(thrown.getCause()).isExactlyInstanceOf(exceptionFor(type));
    assertThat(sim.stats().callsFor(id)).isEqualTo(1);
  }

  @Test
  void shouldSendBedrocksDefaultMessageWhenNoMessageIsGiven() {
    // given
    sim.inject(FaultRule.forRequest("msg-1").error(ErrorType.THROTTLING));

    // when
    Throwable thrown = catchThrowable(() -> client.converse(SdkClients.text("msg-1", "hi")));

    // then
    assertThat(((AwsServiceException) thrown).awsErrorDetails().errorMessage())
        .isEqualTo("Too many requests, please wait before trying again.");
  }

  @Test
  void shouldSendMessageAndRetryAfterWhenRuleSetsThem() {
    // given
    sim.inject(
        FaultRule.forRequest("ra-1")
            .error(ErrorType.THROTTLING)
            .withMessage("Slow down, drill in progress.")
            .retryAfter(Duration.ofMillis(1500)));

    // when
    Throwable thrown = catchThrowable(() -> client.converse(SdkClients.text("ra-1", "hi")));

    // then
    AwsServiceException e = (AwsServiceException) thrown;
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Slow down, drill in progress.");
    assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After"))
        .contains("2");
  }

  @Test
  void shouldAnswerResourceNotFoundWhenModelsAreStrictAndTheModelIsUnknown() {
    // given
    sim.setScenario(
        Scenario.defaults()
            .withStrictModels(true)
            .withModels(ModelConfig.defaultsFor("anthropic.claude-known-v1:0")));

    // when
    Throwable thrown = catchThrowable(() -> client.converse(SdkClients.text("strict-1", "hi")));

    // then
    assertThat(thrown).isExactlyInstanceOf(ResourceNotFoundException.class);
    assertThat(thrown).hasMessageContaining("The provided model identifier is invalid.");
    sim.setScenario(Scenario.defaults());
  }
}
