package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OverflowMessagesTest {

  /** message, input tokens, output tokens, total tokens, limit (-1: not stated). */
  static Stream<Arguments> overflows() {
    return Stream.of(
        row("Input is too long for requested model.", -1, -1, -1, -1),
        row("prompt is too long: 250000 tokens > 200000 maximum", 250000, -1, -1, 200000),
        row("too many total text bytes: 11016789 > 9000000", -1, -1, -1, -1),
        row(
            "input length and `max_tokens` exceed context limit: 142422 + 64000 > 204658, decrease"
                + " input length or `max_tokens` and try again",
            142422,
            64000,
            -1,
            204658),
        row(
            "The input token count (1200000) exceeds the maximum number of tokens allowed"
                + " (1048576).",
            1200000,
            -1,
            -1,
            1048576),
        row(
            "The input token count (40000) exceeds the maximum number of tokens allowed (32768)",
            40000,
            -1,
            -1,
            32768),
        row(
            "This model's maximum context length is 8192 tokens. However, your messages resulted"
                + " in 9000 tokens. Please reduce the length of the messages.",
            9000,
            -1,
            -1,
            8192),
        row(
            "This model's maximum context length is 128000 tokens. However, you requested 130000"
                + " tokens (126000 in the messages, 4000 in the completion). Please reduce the"
                + " length of the messages or completion.",
            126000,
            4000,
            130000,
            128000),
        row(
            "This model's maximum context length is 4096 tokens. However, you requested 5000"
                + " tokens. Please reduce the length of the messages or completion.",
            -1,
            -1,
            5000,
            4096),
        row(
            "This model's maximum context length is 1536 tokens. However, your request has 4176"
                + " input tokens. Please reduce the length of the input messages.",
            4176,
            -1,
            -1,
            1536),
        row(
            "'max_tokens' or 'max_completion_tokens' is too large: 8000. This model's maximum"
                + " context length is 4096 tokens and your request has 2778 input tokens (8000 >"
                + " 4096 - 2778). None",
            2778,
            8000,
            -1,
            4096),
        row(
            "This endpoint's maximum context length is 163840 tokens. However, you requested about"
                + " 200123 tokens (190000 of text input, 10123 in the output). Please reduce the"
                + " length of either one.",
            -1,
            -1,
            200123,
            163840),
        row(
            "This model's maximum context length is 8192 tokens. Please reduce the length of the"
                + " prompt.",
            -1,
            -1,
            -1,
            8192),
        row(
            "Prompt contains 300000 tokens and 0 draft tokens, too large for model with 131072"
                + " maximum context length",
            300000,
            -1,
            -1,
            131072),
        row(
            "too many tokens: total number of tokens in the prompt cannot exceed 4081 - received"
                + " 4415. Try using a shorter prompt, or enabling prompt truncating.",
            4415,
            -1,
            -1,
            4081),
        row(
            "too many tokens: size limit exceeded by 1234 tokens. Try using shorter or fewer"
                + " inputs.",
            -1,
            -1,
            -1,
            -1),
        row(
            "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given:"
                + " 4000 `inputs` tokens and 200 `max_new_tokens`",
            4000,
            200,
            -1,
            4096),
        row(
            "Please reduce the length of the messages or completion. Current length is 9000 while"
                + " limit is 8192",
            9000,
            -1,
            -1,
            8192),
        row(
            "the request (5000 tokens) exceeds the available context size (4096 tokens), try"
                + " increasing it",
            5000,
            -1,
            -1,
            4096),
        row(
            "the request exceeds the available context size (4096 tokens), try increasing it",
            -1,
            -1,
            -1,
            4096),
        row(
            "Your request exceeded model token limit: 262144 (requested: 300000)",
            -1,
            -1,
            300000,
            262144),
        row(
            "Prompt has 300,000 tokens, but the configured context size is 131,072 tokens",
            300000,
            -1,
            -1,
            131072),
        row("prompt too long; exceeded max context length by 1200 tokens", -1, -1, -1, -1),
        row("invalid params, context window exceeds limit (2013)", -1, -1, -1, -1),
        row("The number of tokens to keep is greater than the context length", -1, -1, -1, -1),
        row(
            "Your input exceeds the context window of this model. Please adjust your input and"
                + " try again.",
            -1,
            -1,
            -1,
            -1),
        row(
            "Invalid 'messages[0].content': string too long. Expected a string with maximum length"
                + " 10485760, but got a string with length 12000000 instead.",
            -1,
            -1,
            -1,
            -1),
        row("context_length_exceeded", -1, -1, -1, -1),
        row("model_context_window_exceeded", -1, -1, -1, -1),
        row(
            "Input tokens exceed the configured limit of 272000 tokens. Your messages resulted in"
                + " 300000 tokens.",
            -1,
            -1,
            -1,
            272000));
  }

  private static Arguments row(String message, int in, int out, int total, int limit) {
    return Arguments.of(message, in, out, total, limit);
  }

  @ParameterizedTest
  @MethodSource("overflows")
  void shouldRecogniseOverflowAndItsNumbersWhenAProviderWordsIt(
      String message, int in, int out, int total, int limit) {
    // when
    var overflow = OverflowMessages.overflow(message);

    // then
    assertThat(overflow).isPresent();
    assertThat(overflow.get().inputTokens()).isEqualTo(opt(in));
    assertThat(overflow.get().outputTokens()).isEqualTo(opt(out));
    assertThat(overflow.get().totalTokens()).isEqualTo(opt(total));
    assertThat(overflow.get().limit()).isEqualTo(opt(limit));
    assertThat(OverflowMessages.outputLimit(message)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("overflows")
  void shouldRecogniseOverflowWhenTheCaseDiffers(String message) {
    assertThat(OverflowMessages.overflow(message.toUpperCase(java.util.Locale.ROOT))).isPresent();
  }

  /** message, requested, limit (-1: not stated). */
  static Stream<Arguments> outputLimits() {
    return Stream.of(
        Arguments.of(
            "The maximum tokens you requested exceeds the model limit of 8192. Try again with a"
                + " maximum tokens value that is lower than 8192.",
            -1,
            8192),
        Arguments.of(
            "max_tokens is too large: 100000. This model supports at most 16384 completion tokens,"
                + " whereas you provided 100000.",
            100000,
            16384),
        Arguments.of(
            "max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for"
                + " claude-sonnet-4-20250514",
            100000,
            64000),
        Arguments.of(
            "Unable to submit request because it has a maxOutputTokens value of 100000 but the"
                + " supported range is from 1 (inclusive) to 65537 (exclusive). Update the value"
                + " and try again.",
            100000,
            65536),
        Arguments.of("max_tokens exceeds the model limit of 8192", -1, 8192),
        Arguments.of("max_tokens exceeds model output token limit", -1, -1));
  }

  @ParameterizedTest
  @MethodSource("outputLimits")
  void shouldRecogniseOutputLimitSeparatelyWhenMaxTokensIsAboveTheModelsLimit(
      String message, int requested, int limit) {
    // when
    var outputLimit = OverflowMessages.outputLimit(message);

    // then
    assertThat(OverflowMessages.overflow(message)).isEmpty();
    assertThat(outputLimit).isPresent();
    assertThat(outputLimit.get().requestedTokens()).isEqualTo(opt(requested));
    assertThat(outputLimit.get().limit()).isEqualTo(opt(limit));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Malformed input request, please reformat your input and try again.",
        "A conversation must alternate between user and assistant roles. Make sure the"
            + " conversation alternates between user and assistant roles and try again.",
        "A conversation must start with a user message. Try again with a conversation that starts"
            + " with a user message.",
        "The text field in the ContentBlock object at messages.0.content.0 is blank. Add text to"
            + " the text field, and try again.",
        "Invalid 'user': string too long. Expected a string with maximum length 64, but got a"
            + " string with length 100 instead.",
        "Rate limit reached for gpt-4o in organization org-x on tokens per min (TPM): Limit 30000,"
            + " Used 20000, Requested 50000.",
        "Request too large for gpt-4o on tokens per min (TPM): Limit 30000, Requested 50000.",
        "Too many requests, please wait before trying again.",
        "Overloaded",
        "The provided model identifier is invalid.",
        "temperature: range: 0..1",
        ""
      })
  void shouldRecogniseNeitherKindWhenTheMessageIsAnotherError(String message) {
    assertThat(OverflowMessages.overflow(message)).isEmpty();
    assertThat(OverflowMessages.outputLimit(message)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void shouldReturnEmptyWhenTheMessageIsNullOrANumberIsTooLarge() {
    assertThat(OverflowMessages.overflow(null)).isEmpty();
    assertThat(OverflowMessages.outputLimit(null)).isEmpty();
    assertThat(
            OverflowMessages.overflow("prompt is too long: 99999999999999 tokens > 200000 maximum")
                .orElseThrow()
                .inputTokens())
        .isEmpty();
  }

  private static OptionalInt opt(int n) {
    return n < 0 ? OptionalInt.empty() : OptionalInt.of(n);
  }
}
