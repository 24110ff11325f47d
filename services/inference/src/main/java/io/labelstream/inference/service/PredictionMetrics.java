package io.labelstream.inference.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.labelstream.inference.domain.RoutingDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Meters of the prediction loop, named {@code labelstream.inference.*}. */
public final class PredictionMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer itemLatency;
    private final Counter unreadableRecords;

    public PredictionMetrics(final MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("labelstream.inference.batch.size")
                .description("Clean items per transaction of the prediction loop")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.itemLatency = Timer.builder("labelstream.inference.item.latency")
                .description("Time a clean item spends in inference: batching wait and forward pass")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.unreadableRecords = Counter.builder("labelstream.inference.records.unreadable")
                .description("Records of items.clean that are not clean items and were skipped")
                .register(registry);
    }

    public void batch(final int size) {
        batchSize.record(size);
    }

    /**
     * Counts a committed batch's decisions with one increment per project and route, and per project and model
     * version: looking a counter up by its tags costs more than the increment, and a batch holds few such pairs.
     */
    public void routed(final List<RoutingDecision> decisions) {
        final Map<List<String>, Long> routes = new HashMap<>();
        final Map<List<String>, Long> predictions = new HashMap<>();
        for (final RoutingDecision decision : decisions) {
            routes.merge(List.of(decision.item().project(), decision.routeName()), 1L, Long::sum);
            if (decision.prediction() != null) {
                predictions.merge(List.of(decision.item().project(), decision.prediction().modelVersion()), 1L,
                        Long::sum);
                itemLatency.record((long) (decision.prediction().latencyMs() * 1_000_000), TimeUnit.NANOSECONDS);
            }
        }
        routes.forEach((key, count) -> registry.counter("labelstream.inference.items.routed", "project", key.get(0),
                "route", key.get(1)).increment(count));
        predictions.forEach((key, count) -> registry.counter("labelstream.inference.predictions", "project",
                key.get(0), "model_version", key.get(1)).increment(count));
    }

    public void unreadableRecord() {
        unreadableRecords.increment();
    }
}
