package dev.ballast.modelclient;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises, in a provider's or gateway's error message, a context-window overflow (the input, or
 * the input plus the requested output, does not fit the model's window) and, as a separate kind, an
 * output-limit rejection (the requested {@code max_tokens} is above what the model can generate).
 * The numbers the message states are parsed; either may be absent.
 *
 * <p>Wordings recognised as overflow, with their sources:
 *
 * <ul>
 *   <li>Bedrock: {@code Input is too long for requested model.}, {@code too many total text bytes};
 *       Bedrock (Mistral, Llama) and Gemini: {@code The input token count (N) exceeds the maximum
 *       number of tokens allowed (M).}; Converse stop reason {@code model_context_window_exceeded};
 *   <li>Anthropic: {@code prompt is too long: N tokens > M maximum}, {@code input length and
 *       `max_tokens` exceed context limit: N + O > M};
 *   <li>OpenAI: code {@code context_length_exceeded}, {@code This model's maximum context length is
 *       M tokens. However, your messages resulted in N tokens…} or {@code …you requested T tokens
 *       (N in the messages, O in the completion)…}, {@code Your input exceeds the context window of
 *       this model}, {@code Invalid 'messages…': string too long};
 *   <li>vLLM: {@code This model's maximum context length is M tokens. However, you requested T
 *       tokens…}, {@code …However, your request has N input tokens…}, {@code 'max_tokens' or
 *       'max_completion_tokens' is too large: O. This model's maximum context length is M tokens
 *       and your request has N input tokens…}; OpenRouter: {@code This endpoint's maximum context
 *       length is M tokens. However, you requested about T tokens…};
 *   <li>Mistral: {@code Prompt contains N tokens… too large for model with M maximum context
 *       length}; Cohere: {@code too many tokens: total number of tokens in the prompt cannot exceed
 *       M - received N}, {@code too many tokens: size limit exceeded by K tokens}; Hugging Face
 *       TGI: {@code `inputs` tokens + `max_new_tokens` must be <= M. Given: N `inputs` tokens and O
 *       `max_new_tokens`}; Cerebras: {@code Current length is N while limit is M}; llama.cpp:
 *       {@code request (N tokens) exceeds the available context size (M tokens)}; Ollama: {@code
 *       prompt too long; exceeded max context length}; Kimi: {@code exceeded model token limit: M
 *       (requested: T)}; MiniMax: {@code context window exceeds limit}; LM Studio: {@code greater
 *       than the context length};
 *   <li>the substrings LiteLLM's {@code ExceptionCheckers.is_error_str_context_window_exceeded}
 *       (BerriAI/litellm, {@code exception_mapping_utils.py}) checks.
 * </ul>
 *
 * <p>Output-limit wordings: Bedrock {@code The maximum tokens you requested exceeds the model limit
 * of M.}; OpenAI {@code max_tokens is too large: R. This model supports at most M completion
 * tokens…}; Anthropic {@code max_tokens: R > M, which is the maximum allowed number of output
 * tokens…}; Gemini {@code …maxOutputTokens value of R but the supported range is from 1 (inclusive)
 * to M+1 (exclusive)}; gateways' {@code max_tokens exceeds the model limit of M}. A message that is
 * an overflow is never an output limit.
 *
 * <p>Stateless and thread-safe; never throws for any input, null included.
 */
public final class OverflowMessages {

  private static final String N = "(\\d[\\d,]*)";
  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;

  /** Overflow wordings, most specific first. Groups: in, out, total, limit. */
  private static final List<Pattern> OVERFLOW =
      List.of(
          p("prompt is too long: (?<in>" + N + ") tokens > (?<limit>" + N + ") maximum"),
          p(
              "input length and `?max_tokens`? exceed context limit: (?<in>"
                  + N
                  + ") \\+ (?<out>"
                  + N
                  + ") > (?<limit>"
                  + N
                  + ")"),
          p(
              "input token count \\((?<in>"
                  + N
                  + ")\\) exceeds the maximum number of tokens allowed \\((?<limit>"
                  + N
                  + ")\\)"),
          p(
              "is too large: (?<out>"
                  + N
                  + ")\\. This model's maximum context length is (?<limit>"
                  + N
                  + ") tokens and your request has (?<in>"
                  + N
                  + ") input tokens"),
          p(
              "maximum context length is (?<limit>"
                  + N
                  + ") tokens\\. However, you requested (about )?(?<total>"
                  + N
                  + ") tokens \\((?<in>"
                  + N
                  + ") in the messages, (?<out>"
                  + N
                  + ") in the completion\\)"),
          p(
              "maximum context length is (?<limit>"
                  + N
                  + ") tokens\\. However, you requested (about )?(?<total>"
                  + N
                  + ") tokens"),
          p(
              "maximum context length is (?<limit>"
                  + N
                  + ") tokens\\. However, your (messages resulted in|request has|prompt has|prompt"
                  + " contains) (?<in>"
                  + N
                  + ")( input)? tokens"),
          p(
              "prompt contains (?<in>"
                  + N
                  + ") tokens.*?too large for model with (?<limit>"
                  + N
                  + ") maximum context length"),
          p(
              "total number of tokens in the prompt cannot exceed (?<limit>"
                  + N
                  + ") - received (?<in>"
                  + N
                  + ")"),
          p(
              "`inputs` tokens \\+ `max_new_tokens` must be <= (?<limit>"
                  + N
                  + ")\\. Given: (?<in>"
                  + N
                  + ") `inputs` tokens and (?<out>"
                  + N
                  + ") `max_new_tokens`"),
          p("current length is (?<in>" + N + ") while limit is (?<limit>" + N + ")"),
          p(
              "request \\((?<in>"
                  + N
                  + ") tokens\\) exceeds the available context size \\((?<limit>"
                  + N
                  + ") tokens\\)"),
          p("exceeds the available context size \\((?<limit>" + N + ") tokens\\)"),
          p("exceeded model token limit: (?<limit>" + N + ") \\(requested: (?<total>" + N + ")\\)"),
          p(
              "prompt has (?<in>"
                  + N
                  + ") tokens, but the configured context size is (?<limit>"
                  + N
                  + ") tokens"),
          p("maximum input length is (?<limit>" + N + ") tokens"),
          p("input tokens exceed the configured limit of (?<limit>" + N + ") tokens"),
          p("maximum context length is (?<limit>" + N + ") tokens"),
          p("context (window|length|limit) (of|is) (?<limit>" + N + ") tokens"),
          p(
              "input is too long|too many total text bytes|prompt is too long|"
                  + "model_context_window_exceeded|context_length_exceeded|"
                  + "context[ _]length[ _]exceeded|exceeds? (the )?(model's )?context (window|limit|length)|"
                  + "exceed context limit|model's maximum context limit|"
                  + "is longer than the model's context length|"
                  + "exceeds the maximum number of tokens allowed|too many tokens: size limit exceeded|"
                  + "prompt too long; exceeded (max )?context length|context window exceeds limit|"
                  + "greater than the context length|too many input tokens|"
                  + "context window (is )?full|input exceeds the context window"),
          p("invalid '?messages[^']*'?: string too long"));

  /** Output-limit wordings. Groups: requested, limit. */
  private static final List<Pattern> OUTPUT_LIMIT =
      List.of(
          p(
              "(max_tokens|max_completion_tokens|max_output_tokens)'? is too large: (?<requested>"
                  + N
                  + ")\\. This model supports at most (?<limit>"
                  + N
                  + ") completion tokens"),
          p(
              "max_tokens: (?<requested>"
                  + N
                  + ") > (?<limit>"
                  + N
                  + "), which is the maximum allowed number of output tokens"),
          p("maximum tokens you requested exceeds the model limit of (?<limit>" + N + ")"),
          p(
              "maxOutputTokens value of (?<requested>"
                  + N
                  + ") but the supported range is from \\d+ \\(inclusive\\) to (?<exclusive>"
                  + N
                  + ") \\(exclusive\\)"),
          p(
              "(max_tokens|max tokens|maxTokens) exceeds the model('s)? limit of (?<limit>"
                  + N
                  + ")"),
          p(
              "(max_tokens|max_completion_tokens|max_output_tokens|maxTokens|maximum tokens)"
                  + "[^.]{0,40}(exceeds|above|greater than|larger than) (the )?(model'?s? )?"
                  + "(output |completion )?(token )?limit"));

  private OverflowMessages() {}

  /**
   * A context-window overflow.
   *
   * @param inputTokens the input (prompt, messages) size the provider counted, when stated
   * @param outputTokens the requested output tokens the provider added to the input, when stated
   * @param totalTokens input plus requested output, when stated as one number
   * @param limit the maximum the message states: the window (OpenAI, vLLM, Mistral, Gemini) or the
   *     largest input (Anthropic); when stated
   */
  public record Overflow(
      OptionalInt inputTokens,
      OptionalInt outputTokens,
      OptionalInt totalTokens,
      OptionalInt limit) {

    /** An overflow that states no numbers. */
    public static final Overflow UNSTATED =
        new Overflow(
            OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
  }

  /**
   * A request whose output budget is above the model's output limit.
   *
   * @param requestedTokens the requested {@code max_tokens}, when stated
   * @param limit the model's largest accepted output, when stated
   */
  public record OutputLimit(OptionalInt requestedTokens, OptionalInt limit) {}

  /**
   * The overflow a message reports.
   *
   * @param message an error message or a stop reason; may be null
   * @return the overflow with the numbers stated, or empty when the message is not an overflow
   */
  public static Optional<Overflow> overflow(String message) {
    if (message == null || message.isBlank()) {
      return Optional.empty();
    }
    for (Pattern pattern : OVERFLOW) {
      Matcher m = pattern.matcher(message);
      if (m.find()) {
        return Optional.of(
            new Overflow(
                number(m, "in"), number(m, "out"), number(m, "total"), number(m, "limit")));
      }
    }
    return Optional.empty();
  }

  /**
   * The output-limit rejection a message reports; never one that {@link #overflow} recognises.
   *
   * @param message an error message; may be null
   * @return the requested and allowed output tokens as stated, or empty
   */
  public static Optional<OutputLimit> outputLimit(String message) {
    if (message == null || message.isBlank() || overflow(message).isPresent()) {
      return Optional.empty();
    }
    for (Pattern pattern : OUTPUT_LIMIT) {
      Matcher m = pattern.matcher(message);
      if (m.find()) {
        OptionalInt limit = number(m, "limit");
        OptionalInt exclusive = number(m, "exclusive");
        if (limit.isEmpty() && exclusive.isPresent() && exclusive.getAsInt() > 0) {
          limit = OptionalInt.of(exclusive.getAsInt() - 1);
        }
        return Optional.of(new OutputLimit(number(m, "requested"), limit));
      }
    }
    return Optional.empty();
  }

  private static Pattern p(String regex) {
    return Pattern.compile(regex, FLAGS);
  }

  /** A named group's number, commas removed; empty when the pattern lacks it or it overflows. */
  private static OptionalInt number(Matcher m, String group) {
    String text;
    try {
      text = m.group(group);
    } catch (IllegalArgumentException e) {
      return OptionalInt.empty();
    }
    if (text == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(text.replace(",", "")));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
