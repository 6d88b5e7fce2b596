package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.ScenarioException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The admin API, on every region's port: {@code GET /_sim/health}, {@code GET /_sim/stats}, {@code
 * POST|DELETE /_sim/faults}, {@code PUT /_sim/scenario}, {@code POST /_sim/reset-stats}. Answers
 * are JSON; errors are {@code {"error": "…"}}. Thread-safe.
 */
final class AdminEndpoint {

  private final SimulatorAdmin simulator;

  AdminEndpoint(SimulatorAdmin simulator) {
    this.simulator = simulator;
  }

  void handle(HttpExchange exchange, String path) {
    String method = exchange.getRequestMethod();
    String route = method + " " + path;
    Reply reply =
        switch (route) {
          case "GET /_sim/health" -> health();
          case "GET /_sim/stats" ->
              Reply.json(
                  200, StatsJson.render(simulator.statsSummary(), simulator.distinctRequestIds()));
          case "POST /_sim/faults" -> addFault(exchange);
          case "DELETE /_sim/faults" -> {
            simulator.clearFaults();
            yield ok();
          }
          case "PUT /_sim/scenario", "POST /_sim/scenario" -> putScenario(exchange);
          case "POST /_sim/reset-stats" -> {
            simulator.resetStats();
            yield ok();
          }
          default ->
              error(404, "unknown admin operation " + route + "; see docs/simulator-scenarios.md");
        };
    Responder.write(exchange, reply);
  }

  private Reply health() {
    ObjectNode body = Json.object().put("status", "ok");
    var regions = body.putObject("regions");
    for (String region : simulator.regions()) {
      regions.put(region, simulator.uri(region).toString());
    }
    return Reply.json(200, body);
  }

  private Reply addFault(HttpExchange exchange) {
    String body = body(exchange);
    try {
      FaultRule rule =
          ScenarioParser.parseFaultRule(body, "POST /_sim/faults", simulator.regions());
      simulator.inject(rule);
      return Reply.json(201, Json.object().put("status", "ok").put("rule", rule.toString()));
    } catch (ScenarioException | IllegalArgumentException e) {
      return error(400, e.getMessage());
    }
  }

  private Reply putScenario(HttpExchange exchange) {
    String body = body(exchange);
    try {
      Scenario scenario = ScenarioParser.parse(body, "PUT /_sim/scenario");
      simulator.setScenario(scenario);
      return health();
    } catch (ScenarioException | IllegalArgumentException e) {
      return error(400, e.getMessage());
    } catch (UncheckedIOException e) {
      return error(409, e.getMessage());
    }
  }

  private static String body(HttpExchange exchange) {
    return new String(HttpBodies.read(exchange), StandardCharsets.UTF_8);
  }

  private static Reply ok() {
    return Reply.json(200, Json.object().put("status", "ok"));
  }

  private static Reply error(int status, String message) {
    return Reply.json(status, Json.object().put("error", message));
  }
}
