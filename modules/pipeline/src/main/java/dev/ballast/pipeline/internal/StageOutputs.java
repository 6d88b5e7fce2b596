package dev.ballast.pipeline.internal;

import dev.ballast.schemas.AvroSerde;
import dev.ballast.schemas.CachedAnswer;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.ReasonCode;
import dev.ballast.schemas.RequestState;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Where the stages write: results, dead letters, delay tiers, the fallback topic and the cache. One
 * place knows the sink names and record formats. Immutable and thread-safe.
 */
public final class StageOutputs {

  private final TopologyNames names;
  private final AvroSerde<InferenceRequest> requestSerde;
  private final List<Duration> tiers;

  public StageOutputs(
      TopologyNames names, AvroSerde<InferenceRequest> requestSerde, List<Duration> tiers) {
    this.names = names;
    this.requestSerde = requestSerde;
    this.tiers = List.copyOf(tiers);
  }

  public TopologyNames names() {
    return names;
  }

  public List<Duration> tiers() {
    return tiers;
  }

  void result(ProcessorContext<String, Object> ctx, String id, InferenceResult result, long now) {
    ctx.forward(new Record<String, Object>(id, result, now), names.resultsSink());
  }

  void deadLetter(
      ProcessorContext<String, Object> ctx,
      String id,
      InferenceRequest request,
      ReasonCode code,
      String message,
      long now) {
    ctx.forward(
        new Record<String, Object>(
            id,
            requestSerde.encode(request),
            now,
            BallastHeaders.deadLetter(null, code, message, null, -1, -1, now)),
        names.dlqSink());
  }

  void park(
      ProcessorContext<String, Object> ctx,
      String id,
      InferenceRequest request,
      RequestState state,
      Duration delay,
      long now) {
    Duration tier = Tiers.tierFor(tiers, delay);
    ctx.forward(
        new Record<String, Object>(id, request, now, StateHeaders.of(state)),
        names.retrySink(tier));
  }

  void fallback(
      ProcessorContext<String, Object> ctx,
      String id,
      InferenceRequest request,
      RequestState state,
      long now) {
    ctx.forward(
        new Record<String, Object>(id, request, now, StateHeaders.of(state)), names.fallbackSink());
  }

  void cache(ProcessorContext<String, Object> ctx, String key, CachedAnswer answer, long now) {
    ctx.forward(new Record<String, Object>(key, answer, now), names.cacheSink());
  }
}
