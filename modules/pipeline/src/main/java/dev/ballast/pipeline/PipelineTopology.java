package dev.ballast.pipeline;

import dev.ballast.pipeline.internal.ModelStage;
import dev.ballast.pipeline.internal.RequestIntake;
import dev.ballast.pipeline.internal.RequestValidator;
import dev.ballast.pipeline.internal.TopologyNames;
import dev.ballast.schemas.AvroSerde;
import dev.ballast.schemas.InFlight;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Topics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the Ballast topology. A pure function of its inputs: the configuration, the model router
 * and the topic table; starting it is {@link Pipeline}'s job.
 *
 * <pre>
 *  requests ──────► intake(online) ─┐
 *  requests.batch ► intake(batch) ──┴─► model-stage ──► results
 *                        │ bad             (ledger)  └─► dlq
 *                        └──────────────────────────────► dlq, results (FAILED)
 * </pre>
 */
public final class PipelineTopology {

  private PipelineTopology() {}

  /** The topology for {@code config}, calling models through {@code router}. */
  public static Topology build(
      BallastConfig config, ModelRouter router, Topics topics, PipelineMetrics metrics) {
    TopologyNames names = new TopologyNames(topics.prefix());
    AvroSerde<InferenceRequest> requestSerde = AvroSerde.of(InferenceRequest.class);
    RequestValidator validator = new RequestValidator(router.routeNames());
    Topology t = new Topology();

    t.addSource(
        "requests-source",
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer(),
        topics.requests().name());
    t.addSource(
        "batch-source",
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer(),
        topics.batchRequests().name());
    t.addProcessor(
        "intake-online",
        () -> new RequestIntake(requestSerde, validator, names, metrics),
        "requests-source");
    t.addProcessor(
        "intake-batch",
        () -> new RequestIntake(requestSerde, validator, names, metrics),
        "batch-source");
    t.addProcessor(
        names.modelStage(),
        () -> new ModelStage(router, names, requestSerde, topics.batchRequests().name(), metrics),
        "intake-online",
        "intake-batch");
    t.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(names.ledgerStore()),
                Serdes.String(),
                AvroSerde.of(InFlight.class))
            .withCachingDisabled(),
        names.modelStage());

    t.addSink(
        names.resultsSink(),
        topics.results().name(),
        topics.results().keySerde().serializer(),
        topics.results().valueSerde().serializer(),
        names.modelStage(),
        "intake-online",
        "intake-batch");
    t.addSink(
        names.dlqSink(),
        topics.dlq().name(),
        topics.dlq().keySerde().serializer(),
        topics.dlq().valueSerde().serializer(),
        names.modelStage(),
        "intake-online",
        "intake-batch");
    return t;
  }
}
