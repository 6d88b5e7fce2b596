package dev.ballast.simulator.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ballast.simulator.Distribution;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.ModelConfig;
import dev.ballast.simulator.Outage;
import dev.ballast.simulator.OverflowStyle;
import dev.ballast.simulator.Quota;
import dev.ballast.simulator.RateLimitHint;
import dev.ballast.simulator.Rates;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.ScenarioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads scenario documents (YAML, or JSON which is YAML too) strictly: unknown keys, wrong types
 * and bad values are errors naming the source, the key path and the problem. Stateless and
 * thread-safe.
 */
public final class ScenarioParser {

  static final YAMLMapper YAML = yamlMapper();

  private static final List<String> TOP =
      List.of("seed", "regions", "models", "strictModels", "faults");
  private static final List<String> REGION =
      List.of(
          "name",
          "port",
          "latency",
          "perOutputToken",
          "quotas",
          "rates",
          "outages",
          "conversationChecks",
          "quotaHints");
  private static final List<String> QUOTA =
      List.of("model", "requestsPerMinute", "tokensPerMinute");
  private static final List<String> RATES =
      List.of("throttle", "internalError", "serviceUnavailable", "modelTimeout", "malformed");
  private static final List<String> OUTAGE = List.of("start", "duration", "error", "models");
  private static final List<String> MODEL =
      List.of(
          "id",
          "contextWindow",
          "maxOutputTokens",
          "overflowMessage",
          "outputTokens",
          "perOutputToken",
          "conversationChecks",
          "nativeStructuredOutput");

  private ScenarioParser() {}

  private static YAMLMapper yamlMapper() {
    YAMLMapper mapper = new YAMLMapper();
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    return mapper;
  }

  public static Scenario load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ScenarioException(file + ": cannot read the scenario file: " + e, e);
    }
    return parse(text, file.toString());
  }

  public static Scenario parse(String text, String source) {
    return scenario(ConfigNode.root(tree(text, source), source));
  }

  /** Reads one fault rule (the admin API's body) against the given regions. */
  public static FaultRule parseFaultRule(String text, String source, List<String> regions) {
    return FaultRuleParser.parse(ConfigNode.root(tree(text, source), source), regions);
  }

  static JsonNode tree(String text, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new ScenarioException(
          source + ": invalid YAML" + where + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new ScenarioException(source + ": the scenario is empty");
    }
    return root;
  }

  private static Scenario scenario(ConfigNode root) {
    root.requireKeys(TOP);
    long seed = root.get("seed").longValue(42);
    List<RegionConfig> regions = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ConfigNode r : root.get("regions").list()) {
      RegionConfig region = region(r);
      if (names.contains(region.name())) {
        throw r.get("name").error("region '" + region.name() + "' is listed twice");
      }
      names.add(region.name());
      regions.add(region);
    }
    if (!root.get("regions").isPresent()) {
      regions.add(RegionConfig.named("us-east-1"));
      names.add("us-east-1");
    } else if (regions.isEmpty()) {
      throw root.get("regions").error("list at least one region");
    }
    List<ModelConfig> models = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (ConfigNode m : root.get("models").list()) {
      ModelConfig model = model(m);
      if (ids.contains(model.id())) {
        throw m.get("id").error("model '" + model.id() + "' is listed twice");
      }
      ids.add(model.id());
      models.add(model);
    }
    boolean strict = root.get("strictModels").bool(false);
    List<FaultRule> faults = new ArrayList<>();
    for (ConfigNode f : root.get("faults").list()) {
      faults.add(FaultRuleParser.parse(f, names));
    }
    return root.construct(() -> new Scenario(seed, regions, models, strict, faults));
  }

  private static RegionConfig region(ConfigNode n) {
    n.requireKeys(REGION);
    String name = n.get("name").text();
    int port = n.get("port").intValue(0);
    if (port < 0 || port > 65_535) {
      throw n.get("port").error("expected a port in 0..65535 (0 = any free port), was " + port);
    }
    Distribution latency =
        n.get("latency").isPresent()
            ? Distributions.parse(n.get("latency"), true)
            : Distribution.fixed(0);
    Duration perToken = n.get("perOutputToken").duration(Duration.ZERO);
    List<Quota> quotas = new ArrayList<>();
    for (ConfigNode q : n.get("quotas").list()) {
      quotas.add(quota(q));
    }
    Rates rates = n.get("rates").isPresent() ? rates(n.get("rates")) : Rates.NONE;
    List<Outage> outages = new ArrayList<>();
    for (ConfigNode o : n.get("outages").list()) {
      outages.add(outage(o));
    }
    List<String> checks = n.get("conversationChecks").textList();
    List<RateLimitHint> hints = new ArrayList<>();
    for (String hint : n.get("quotaHints").textList()) {
      try {
        hints.add(RateLimitHint.parse(hint));
      } catch (IllegalArgumentException e) {
        throw n.get("quotaHints").error(e.getMessage());
      }
    }
    return n.construct(
        () ->
            new RegionConfig(name, port, latency, perToken, quotas, rates, outages, checks, hints));
  }

  private static Quota quota(ConfigNode n) {
    n.requireKeys(QUOTA);
    String model = n.get("model").text("*");
    long rpm = n.get("requestsPerMinute").longValue(Quota.UNLIMITED);
    long tpm = n.get("tokensPerMinute").longValue(Quota.UNLIMITED);
    if (rpm == Quota.UNLIMITED && tpm == Quota.UNLIMITED) {
      throw n.error("a quota needs requestsPerMinute or tokensPerMinute");
    }
    return n.construct(() -> new Quota(model, rpm, tpm));
  }

  private static Rates rates(ConfigNode n) {
    n.requireKeys(RATES);
    double[] p = new double[RATES.size()];
    for (int i = 0; i < p.length; i++) {
      ConfigNode r = n.get(RATES.get(i));
      p[i] = r.number(0);
      if (p[i] < 0 || p[i] > 1) {
        throw r.error("expected a probability between 0 and 1, was " + p[i]);
      }
    }
    return n.construct(() -> new Rates(p[0], p[1], p[2], p[3], p[4]));
  }

  private static Outage outage(ConfigNode n) {
    n.requireKeys(OUTAGE);
    Duration start = n.get("start").duration(Duration.ZERO);
    Duration duration = n.get("duration").required().duration(null);
    ErrorType error =
        n.get("error").isPresent()
            ? n.get("error").convert(ErrorType::parse)
            : ErrorType.SERVICE_UNAVAILABLE;
    List<String> models = n.get("models").textList();
    return n.construct(() -> new Outage(start, duration, error, models));
  }

  private static ModelConfig model(ConfigNode n) {
    n.requireKeys(MODEL);
    String id = n.get("id").text();
    ModelConfig defaults = ModelConfig.defaultsFor(id);
    int window = n.get("contextWindow").intValue(defaults.contextWindow());
    int maxOut = n.get("maxOutputTokens").intValue(defaults.maxOutputTokens());
    OverflowStyle style =
        n.get("overflowMessage").isPresent()
            ? n.get("overflowMessage").convert(ScenarioParser::overflowStyle)
            : defaults.overflowMessage();
    Distribution tokens =
        n.get("outputTokens").isPresent()
            ? Distributions.parse(n.get("outputTokens"), false)
            : defaults.outputTokens();
    Duration perToken = n.get("perOutputToken").duration(Duration.ZERO);
    boolean checks = n.get("conversationChecks").bool(false);
    boolean nativeOutput = n.get("nativeStructuredOutput").bool(false);
    return n.construct(
        () -> new ModelConfig(id, window, maxOut, style, tokens, perToken, checks, nativeOutput));
  }

  private static OverflowStyle overflowStyle(String text) {
    return OverflowStyle.parse(text);
  }
}
