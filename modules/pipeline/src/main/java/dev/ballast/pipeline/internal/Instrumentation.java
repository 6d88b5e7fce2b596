package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.gateway.EndpointView;
import dev.ballast.modelclient.gateway.ModelGateway;
import dev.ballast.pipeline.MetricLabels;
import dev.ballast.pipeline.PipelineMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Binds the gauges of an instance's shared parts (window, breakers, admission), Kafka Streams' own
 * metrics (Micrometer's {@link KafkaStreamsMetrics}) and JVM metrics to its registry; closing it
 * stops the binders that run threads or listeners. Thread-safe.
 */
public final class Instrumentation implements AutoCloseable {

  private final List<AutoCloseable> closeables = new ArrayList<>();

  private Instrumentation() {}

  /**
   * Binds everything to {@code metrics}' registry.
   *
   * @param apps the instance's Kafka Streams apps (online lane, and the batch lane if any)
   */
  public static Instrumentation bind(
      PipelineMetrics metrics,
      InFlightWindow window,
      ModelGateway gateway,
      List<KafkaStreams> apps) {
    MeterRegistry registry = metrics.registry();
    Instrumentation in = new Instrumentation();
    Gauge.builder("ballast.inflight.calls", window, InFlightWindow::inFlight)
        .description("calls in flight in the instance's window")
        .register(registry);
    Gauge.builder("ballast.inflight.window.size", window, InFlightWindow::size)
        .description("model.max.in.flight")
        .register(registry);
    for (EndpointView endpoint : gateway.endpoints()) {
      Tags tags = MetricLabels.endpoint(endpoint.endpoint());
      Gauge.builder("ballast.breaker.state", endpoint, e -> code(e.breakerState()))
          .description("circuit breaker state: 0 closed, 1 open, 2 half-open")
          .tags(tags)
          .register(registry);
      Gauge.builder("ballast.admission.waiting.calls", endpoint, EndpointView::waiting)
          .description("calls waiting for admission to the endpoint")
          .tags(tags)
          .register(registry);
      Gauge.builder("ballast.admission.concurrency.limit", endpoint, EndpointView::concurrencyLimit)
          .description("the endpoint's adaptive concurrency limit")
          .tags(tags)
          .register(registry);
      Gauge.builder("ballast.admission.inflight.calls", endpoint, EndpointView::inFlight)
          .description("admitted calls in flight on the endpoint")
          .tags(tags)
          .register(registry);
    }
    for (KafkaStreams app : apps) {
      KafkaStreamsMetrics streams = new KafkaStreamsMetrics(app);
      streams.bindTo(registry);
      in.closeables.add(streams);
    }
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    in.closeables.add(gc);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return in;
  }

  /** 0 closed, 1 open, 2 half-open: the order a breaker goes through them. */
  public static int code(dev.ballast.modelclient.BreakerListener.State state) {
    return switch (state) {
      case CLOSED -> 0;
      case OPEN -> 1;
      case HALF_OPEN -> 2;
    };
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing binders cannot fail in a way that matters at shutdown
      }
    }
  }
}
